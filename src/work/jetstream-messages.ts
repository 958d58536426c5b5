// How a job travels as a JetStream message: its payload as the body, what the worker needs
// to know about it in headers. A dead letter carries the whole job record as its body.
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import type { ClaimedJob, Job, JsonValue } from './queue.js';

const H = {
  id: 'Vigie-Job-Id',
  kind: 'Vigie-Job-Kind',
  dedupeKey: 'Vigie-Dedupe-Key',
  maxAttempts: 'Vigie-Max-Attempts',
  createdAt: 'Vigie-Created-At',
} as const;

export interface JobEnvelope {
  id: string;
  kind: string;
  payload: JsonValue;
  dedupeKey: string | null;
  maxAttempts: number;
  createdAt: string;
}

export function envelopeOf(job: ClaimedJob | Job): JobEnvelope {
  return { id: job.id, kind: job.kind, payload: job.payload, dedupeKey: job.dedupeKey, maxAttempts: job.maxAttempts, createdAt: job.createdAt };
}

/** Headers and body of a job's message. */
export function encodeJob(job: JobEnvelope): { headers: MsgHdrs; body: string } {
  const h = headers();
  h.set(H.id, job.id);
  h.set(H.kind, job.kind);
  if (job.dedupeKey !== null) h.set(H.dedupeKey, encodeURIComponent(job.dedupeKey));
  h.set(H.maxAttempts, String(job.maxAttempts));
  h.set(H.createdAt, job.createdAt);
  return { headers: h, body: JSON.stringify(job.payload) };
}

/** The job a message carries; throws on a message that is not one of ours. */
export function decodeJob(h: MsgHdrs | undefined, body: Uint8Array): JobEnvelope {
  const id = h?.get(H.id);
  const kind = h?.get(H.kind);
  if (!h || !id || !kind) throw new Error('not a vigie job message (no job id or kind header)');
  const dedupe = h.get(H.dedupeKey);
  const maxAttempts = Number(h.get(H.maxAttempts));
  return {
    id,
    kind,
    payload: JSON.parse(new TextDecoder().decode(body)) as JsonValue,
    dedupeKey: dedupe ? decodeURIComponent(dedupe) : null,
    maxAttempts: Number.isInteger(maxAttempts) && maxAttempts >= 1 ? maxAttempts : 1,
    createdAt: h.get(H.createdAt) || new Date(0).toISOString(),
  };
}

/** A job's message id: the same for every publish of the same job, so JetStream stores it once within its window. */
export function publishIdOf(jobId: string): string {
  return `vigie-job-${jobId}`;
}

export function encodeDead(job: Job): { headers: MsgHdrs; body: string } {
  const h = headers();
  h.set(H.id, job.id);
  h.set(H.kind, job.kind);
  return { headers: h, body: JSON.stringify(job) };
}

export function decodeDead(body: Uint8Array): Job {
  return JSON.parse(new TextDecoder().decode(body)) as Job;
}
