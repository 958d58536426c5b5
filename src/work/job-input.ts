// Checks and normalises what a caller hands to enqueue, identically for every queue, so that
// a mistake fails at the call site instead of in a worker hours later.
import type { EnqueueOptions, JsonValue } from './queue.js';

// Kinds become NATS subject tokens (`vigie.jobs.<kind>`): no spaces, wildcards or empty parts.
const KIND = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/;
const MAX_KIND = 128;
const MAX_DEDUPE_KEY = 512;
/** Error text kept per job: enough to diagnose, not enough to bloat the table with stack dumps. */
export const MAX_ERROR_CHARS = 4000;

export interface NormalisedJob {
  kind: string;
  payloadJson: string;
  dedupeKey: string | null;
  runAt: string;
  maxAttempts: number;
}

export function assertKind(kind: string): void {
  if (kind.length > MAX_KIND || !KIND.test(kind)) throw new TypeError(`job kind "${kind}" is not a dotted name of letters, digits, "_" and "-"`);
}

export function normaliseJob(kind: string, payload: JsonValue, options: EnqueueOptions, now: Date, defaultMaxAttempts: number): NormalisedJob {
  assertKind(kind);
  const payloadJson = JSON.stringify(payload);
  // JSON.stringify returns undefined for undefined and functions, which would store "undefined".
  if (typeof payloadJson !== 'string') throw new TypeError(`job ${kind}: payload is not JSON`);
  const dedupeKey = options.dedupeKey ?? null;
  if (dedupeKey !== null && (dedupeKey.length === 0 || dedupeKey.length > MAX_DEDUPE_KEY)) {
    throw new TypeError(`job ${kind}: dedupe key must have 1 to ${MAX_DEDUPE_KEY} characters`);
  }
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`job ${kind}: maxAttempts must be a whole number >= 1`);
  return { kind, payloadJson, dedupeKey, runAt: options.runAt === undefined ? now.toISOString() : isoTime(options.runAt), maxAttempts };
}

/** Due times are compared as text, so every one is rewritten to the same fixed-width UTC form. */
export function isoTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a time: ${String(value)}`);
  return date.toISOString();
}

export function clipError(message: string): string {
  return message.length <= MAX_ERROR_CHARS ? message : `${message.slice(0, MAX_ERROR_CHARS - 1)}…`;
}
