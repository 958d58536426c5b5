// The log's gate: an event whose payload does not match its type's schema (payloads.ts) is
// refused before it is sealed, because once hashed into the chain a bad payload can never be
// corrected, only followed by another event. The same check tells `vigie verify` which
// stored payloads no fold can read.
import type { z } from 'zod';
import { isEventType } from './events.js';
import { PAYLOADS } from './payloads.js';
import { badStringIn, stringProblem } from './strings.js';

export interface PayloadProblem {
  /** Dotted path of the offending field ('' for the payload as a whole). */
  field: string;
  message: string;
}

export class EventPayloadError extends Error {
  override readonly name = 'EventPayloadError';
  constructor(
    readonly type: string,
    readonly field: string,
    detail: string,
    /** The field is the event's own (subject.id, actor.id, reason), not one of its payload. */
    ofEvent = false,
  ) {
    const what = ofEvent ? `its ${field}` : field ? `payload field "${field}"` : 'its payload';
    super(`a ${type} event was refused before it entered the log: ${what} ${detail}`);
  }
}

/** What is wrong with a payload for the given type, or null when it fits. */
export function payloadProblem(type: string, payload: unknown): PayloadProblem | null {
  if (!isEventType(type)) return { field: '', message: `has no schema: "${type}" is not an event type` };
  const result = (PAYLOADS[type] as z.ZodType).safeParse(payload);
  if (result.success) return null;
  const issues = result.error.issues;
  // A misspelt field shows as an unknown key and (if required) a missing one: the unknown
  // key is what the writer typed, so it is the one named; the rest are listed after it.
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  const others = issues.filter((i) => i !== issue).map((i) => i.path.map(String).join('.'));
  const also = others.length > 0 ? `; also wrong: ${others.map((f) => `"${f}"`).join(', ')}` : '';
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return {
      field: path ? `${path}.${keys[0]}` : String(keys[0]),
      message: `is not part of a ${type} payload (unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''})${also}`,
    };
  }
  if (issue.code === 'invalid_type' && valueAt(payload, issue.path) === undefined) return { field: path, message: `is missing (${issue.message})${also}` };
  return { field: path, message: `${issue.message}${also}` };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/**
 * Throws EventPayloadError unless the event's payload matches its type's schema and every
 * string the chain will hash (subject id, actor id, reason, any payload string or key) can
 * be stored and read back as it was hashed (strings.ts): whatever path an event takes (a
 * route, the CLI, a future one), nothing unverifiable is sealed.
 */
export function checkEvent(event: { type: string; payload: unknown; subject?: { id: string }; actor?: { id: string | null }; reason?: string | null }): void {
  const own: [string, string | null | undefined][] = [
    ['subject.id', event.subject?.id],
    ['actor.id', event.actor?.id],
    ['reason', event.reason],
  ];
  for (const [field, value] of own) {
    const wrong = typeof value === 'string' ? stringProblem(value) : null;
    if (wrong) throw new EventPayloadError(event.type, field, wrong, true);
  }
  const problem = payloadProblem(event.type, event.payload);
  if (problem) throw new EventPayloadError(event.type, problem.field, problem.message);
  const bad = badStringIn(event.payload);
  if (bad) throw new EventPayloadError(event.type, bad.field, bad.message);
}
