// The tamper-evident seal of the moderation log. Events are spread over a fixed number of
// partitions by subject, and each partition is its own hash chain: an event's hash covers
// its partition position, the previous hash and every stored field, so that an altered,
// deleted, inserted or swapped row breaks the chain where it happened. Partitions let
// several writers (PostgreSQL, many API processes) append at once, each locking only the
// heads it extends instead of one global head.
import { hash } from 'node:crypto';
import type { NewEvent, SubjectRef } from './events.js';

export const GENESIS_HASH = '0'.repeat(64);

export function partitionOf(subject: SubjectRef, partitions: number): number {
  // FNV-1a: cheap, stable across versions and processes, good enough to spread subjects.
  let h = 0x811c9dc5;
  const key = `${subject.kind}:${subject.id}`;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/** The fields that a hash covers, as stored (payload already canonical text). */
export interface SealedFields {
  partition: number;
  partitionSeq: number;
  prevHash: string;
  type: string;
  subjectKind: string;
  subjectId: string;
  actorKind: string;
  actorId: string | null;
  at: string;
  reason: string | null;
  payloadJson: string;
}

export function eventHash(f: SealedFields): string {
  // A JSON array of the fields is unambiguous (no field can run into the next) and
  // cheap to build; the payload is embedded as its stored text.
  const header = JSON.stringify([
    'vigie-log-v1',
    f.partition,
    f.partitionSeq,
    f.prevHash,
    f.type,
    f.subjectKind,
    f.subjectId,
    f.actorKind,
    f.actorId,
    f.at,
    f.reason,
  ]);
  // One-shot hash: a Hash object per event costs more than the hashing itself.
  return hash('sha256', `${header}\n${f.payloadJson}`, 'hex');
}

export interface Head {
  partitionSeq: number;
  hash: string;
}

/**
 * Seals events onto the given heads (mutated in place), in order. Pure apart from the
 * heads map the caller passes in and reads back to store.
 */
export type SealedEvent = SealedFields & { hash: string };

export function seal(events: readonly NewEvent[], partitions: number, heads: Map<number, Head>): SealedEvent[] {
  return events.map((e) => {
    const partition = partitionOf(e.subject, partitions);
    const head = heads.get(partition) ?? { partitionSeq: 0, hash: GENESIS_HASH };
    const fields: SealedFields = {
      partition,
      partitionSeq: head.partitionSeq + 1,
      prevHash: head.hash,
      type: e.type,
      subjectKind: e.subject.kind,
      subjectId: e.subject.id,
      actorKind: e.actor.kind,
      actorId: e.actor.id,
      at: e.at,
      reason: e.reason,
      payloadJson: JSON.stringify(e.payload),
    };
    const hash = eventHash(fields);
    heads.set(partition, { partitionSeq: fields.partitionSeq, hash });
    return { ...fields, hash };
  });
}
