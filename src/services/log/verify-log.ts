// Checks the whole moderation log: every hash, every link between neighbours in a
// partition, every payload against its type's schema, every partition's head, and that the
// cached state in the tables is exactly the fold of the events. Names every bad event (in
// log order, the first BAD_EVENTS_LISTED of them, with the total), resynchronising after each
// one (src/moderation/chain-check.ts) so that one bad event does not hide the next.
import { isDeepStrictEqual } from 'node:util';
import { GENESIS_HASH } from '../../moderation/chain.js';
import { ChainWalk } from '../../moderation/chain-check.js';
import { payloadProblem } from '../../moderation/check.js';
import type { LoggedEvent } from '../../moderation/events.js';
import { foldAccount, foldCase, foldContent } from '../../moderation/folds/index.js';
import { cachedStatePage, logHeads, rowWithPayload, scanEvents, type EventRow } from '../../store/log-store.js';
import type { Store } from '../../store/store.js';

/** How many bad events a report lists; the count covers them all. */
export const BAD_EVENTS_LISTED = 100;
/** How often (in events read) `onProgress` is called. */
export const PROGRESS_EVERY = 10_000;

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
  /** The first of `badEvents`, kept for callers that read only one. */
  firstBadEvent: BadEvent | null;
  /** The bad events in log order, at most BAD_EVENTS_LISTED of them. */
  badEvents: BadEvent[];
  badEventCount: number;
  /** Problems that are not one event: missing tails, cached state that differs from the fold. */
  problems: string[];
}

export interface VerifyOptions {
  /** Called every PROGRESS_EVERY events with the number read so far. */
  onProgress?: (eventsChecked: number) => void;
}

/** `store` may be a transaction's view (db and partitions), to verify what it sees before it commits. */
export async function verifyLog(store: Pick<Store, 'db' | 'partitions'>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const chain = new ChainWalk();
  const folds = { account: new Map<string, unknown>(), content: new Map<string, unknown>(), case: new Map<string, unknown>() };
  const badEvents: BadEvent[] = [];
  let badEventCount = 0;
  const problems: string[] = [];
  let count = 0;

  for await (const row of scanEvents(store.db)) {
    count++;
    if (options.onProgress && count % PROGRESS_EVERY === 0) options.onProgress(count);
    const chainProblem = chain.next({
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
      hash: row.hash,
    });
    const read = readEvent(row);
    const problem = [chainProblem, read.problem].filter((p) => p !== null).join('; ');
    if (problem) {
      badEventCount++;
      if (badEvents.length < BAD_EVENTS_LISTED)
        badEvents.push({ seq: Number(row.seq), partition: row.partition, partitionSeq: Number(row.partition_seq), problem });
    }

    const kind = row.subject_kind;
    // A payload no fold can read is left out of the fold: its subject's cached state then
    // differs from the fold, and that is reported too.
    if (read.event && (kind === 'account' || kind === 'content' || kind === 'case')) {
      const map = folds[kind];
      const fold = kind === 'account' ? foldAccount : kind === 'content' ? foldContent : foldCase;
      map.set(row.subject_id, (fold as (s: unknown, e: LoggedEvent) => unknown)(map.get(row.subject_id), read.event));
    }
  }

  const ends = chain.ends();
  const heads = await logHeads(store.db);
  for (const h of heads) {
    const seen = ends.get(h.partition) ?? { partitionSeq: 0, hash: GENESIS_HASH };
    if (h.partitionSeq !== seen.partitionSeq || h.hash !== seen.hash) {
      problems.push(
        `partition ${h.partition}: the log ends at position ${seen.partitionSeq} but its head says ${h.partitionSeq} (events at the end were removed, or the head was altered)`,
      );
    }
  }
  for (const p of ends.keys()) {
    if (!heads.some((h) => h.partition === p)) problems.push(`partition ${p}: events exist but the partition has no head`);
  }

  for (const table of ['accounts', 'content', 'cases'] as const) {
    const kind = table === 'accounts' ? 'account' : table === 'cases' ? 'case' : 'content';
    const folded = folds[kind];
    const seen = new Set<string>();
    let after = '';
    for (;;) {
      const rows = await cachedStatePage(store.db, table, after, 2000);
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

  return {
    ok: badEventCount === 0 && problems.length === 0,
    events: count,
    partitions: store.partitions,
    firstBadEvent: badEvents[0] ?? null,
    badEvents,
    badEventCount,
    problems,
  };
}

function readEvent(row: EventRow): { event: LoggedEvent | null; problem: string | null } {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload_json);
  } catch {
    return { event: null, problem: 'its payload is not valid JSON' };
  }
  const wrong = payloadProblem(row.type, payload);
  if (wrong) return { event: null, problem: `its payload does not fit its type ${row.type}: ${wrong.field ? `field "${wrong.field}" ` : ''}${wrong.message}` };
  return { event: rowWithPayload(row, payload), problem: null };
}

function sameJson(state: unknown, stored: string): boolean {
  try {
    // Compared as values: key order in the stored text does not matter.
    return isDeepStrictEqual(JSON.parse(JSON.stringify(state)), JSON.parse(stored));
  } catch {
    return false;
  }
}
