// The log's gate: an event whose payload does not match its type's schema (payloads.ts) is
// refused before it is sealed, because once hashed into the chain a bad payload can never be
// corrected, only followed by another event. The same check tells `vigie verify` which
// stored payloads no fold can read.
import type { z } from 'zod';
import { isEventType } from './events.js';
import { PAYLOADS } from './payloads.js';

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
  ) {
    super(`a ${type} event was refused before it entered the log: ${field ? `payload field "${field}"` : 'its payload'} ${detail}`);
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

/** Throws EventPayloadError unless the event's payload matches its type's schema. */
export function checkEvent(event: { type: string; payload: unknown }): void {
  const problem = payloadProblem(event.type, event.payload);
  if (problem) throw new EventPayloadError(event.type, problem.field, problem.message);
}
