// Checks the whole moderation log: every hash, every link between neighbours in a
// partition, every partition's head, and that the cached state in the tables is exactly
// the fold of the events. Reports the first event (in log order) where something is off.
import { isDeepStrictEqual } from 'node:util';
import { eventHash, GENESIS_HASH } from '../moderation/chain.js';
import type { LoggedEvent } from '../moderation/events.js';
import { foldAccount, foldCase, foldContent } from '../moderation/folds/index.js';
import { rowToEvent, scanEvents } from './log-store.js';
import type { Store } from './store.js';

export interface BadEvent {
  seq: number;
  partition: number;
  partitionSeq: number;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  partitions: number;
  firstBadEvent: BadEvent | null;
  /** Problems that are not one event: missing tails, cached state that differs from the fold. */
  problems: string[];
}

export async function verifyLog(store: Store): Promise<VerifyReport> {
  const expected = new Map<number, { partitionSeq: number; hash: string }>();
  const folds = { account: new Map<string, unknown>(), content: new Map<string, unknown>(), case: new Map<string, unknown>() };
  let firstBadEvent: BadEvent | null = null;
  const problems: string[] = [];
  let count = 0;

  for await (const row of scanEvents(store.db)) {
    count++;
    const prev = expected.get(row.partition) ?? { partitionSeq: 0, hash: GENESIS_HASH };
    let problem: string | null = null;
    const recomputed = eventHash({
      partition: row.partition,
      partitionSeq: Number(row.partition_seq),
      prevHash: row.prev_hash,
      type: row.type,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      at: row.at,
      reason: row.reason,
      payloadJson: row.payload_json,
    });
    if (recomputed !== row.hash) problem = 'its content does not match its hash (altered)';
    else if (Number(row.partition_seq) !== prev.partitionSeq + 1)
      problem = `expected position ${prev.partitionSeq + 1} in partition ${row.partition}, found ${row.partition_seq} (an event is missing or out of order)`;
    else if (row.prev_hash !== prev.hash) problem = 'its link to the previous event does not match (an event before it was removed, replaced or reordered)';
    if (problem && !firstBadEvent) {
      firstBadEvent = { seq: Number(row.seq), partition: row.partition, partitionSeq: Number(row.partition_seq), problem };
    }
    expected.set(row.partition, { partitionSeq: Number(row.partition_seq), hash: row.hash });

    const kind = row.subject_kind;
    if (kind === 'account' || kind === 'content' || kind === 'case') {
      let event: LoggedEvent;
      try {
        event = rowToEvent(row);
      } catch {
        if (!firstBadEvent) firstBadEvent = { seq: Number(row.seq), partition: row.partition, partitionSeq: Number(row.partition_seq), problem: 'its payload is not valid JSON' };
        continue;
      }
      const map = folds[kind];
      const fold = kind === 'account' ? foldAccount : kind === 'content' ? foldContent : foldCase;
      map.set(row.subject_id, (fold as (s: unknown, e: LoggedEvent) => unknown)(map.get(row.subject_id), event));
    }
  }

  const heads = await store.db.selectFrom('log_heads').selectAll().execute();
  for (const h of heads) {
    const seen = expected.get(h.partition) ?? { partitionSeq: 0, hash: GENESIS_HASH };
    if (Number(h.partition_seq) !== seen.partitionSeq || h.hash !== seen.hash) {
      problems.push(`partition ${h.partition}: the log ends at position ${seen.partitionSeq} but its head says ${h.partition_seq} (events at the end were removed, or the head was altered)`);
    }
  }
  for (const p of expected.keys()) {
    if (!heads.some((h) => h.partition === p)) problems.push(`partition ${p}: events exist but the partition has no head`);
  }

  for (const table of ['accounts', 'content', 'cases'] as const) {
    const kind = table === 'accounts' ? 'account' : table === 'cases' ? 'case' : 'content';
    const folded = folds[kind];
    const seen = new Set<string>();
    let after = '';
    for (;;) {
      const rows = await store.db.selectFrom(table).select(['id', 'state_json']).where('id', '>', after).orderBy('id').limit(2000).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        seen.add(r.id);
        const state = folded.get(r.id);
        if (state === undefined) problems.push(`${kind} ${r.id}: has a row but no events`);
        else if (!sameJson(state, r.state_json)) problems.push(`${kind} ${r.id}: cached state differs from the fold of its events`);
      }
      after = rows[rows.length - 1]!.id;
    }
    for (const [id, state] of folded) {
      if (state !== undefined && !seen.has(id)) problems.push(`${kind} ${id}: has events but no row`);
    }
  }

  return { ok: !firstBadEvent && problems.length === 0, events: count, partitions: store.partitions, firstBadEvent, problems };
}

function sameJson(state: unknown, stored: string): boolean {
  try {
    // Compared as values: key order in the stored text does not matter.
    return isDeepStrictEqual(JSON.parse(JSON.stringify(state)), JSON.parse(stored));
  } catch {
    return false;
  }
}
