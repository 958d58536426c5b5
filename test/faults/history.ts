// The history checker of the fault tests: it keeps what every client was told, and afterwards
// compares that with what the database and the moderation log hold. A post a client was told
// is accepted must be stored once and logged once; what the client was told about it (removed
// or not) must be what the log says was done, once; a replay must tell the same as the first
// answer; nothing may be stored that no client sent. Outcomes a client never learnt (the
// connection failed after the commit) are allowed, counted, and must still be whole.
import { sql } from 'kysely';
import type { Store } from '../../src/store/store.js';

export interface Told {
  id: string;
  status: number;
  /** The content's status in the answer (201/200 only). */
  contentStatus?: string;
  replayed?: boolean;
}

export class History {
  readonly told: Told[] = [];
  readonly sent = new Set<string>();

  send(id: string): void {
    this.sent.add(id);
  }

  record(told: Told): void {
    this.told.push(told);
  }

  /** Ids a client was told are accepted, with the first answer's content status. */
  acknowledged(): Map<string, string> {
    const out = new Map<string, string>();
    for (const t of this.told) if ((t.status === 201 || t.status === 200) && !out.has(t.id)) out.set(t.id, t.contentStatus ?? '');
    return out;
  }

  statuses(): Record<number, number> {
    const out: Record<number, number> = {};
    for (const t of this.told) out[t.status] = (out[t.status] ?? 0) + 1;
    return out;
  }
}

export interface HistoryReport {
  problems: string[];
  acknowledged: number;
  /** Stored though no client heard so (the answer was lost); each is still checked whole. */
  storedUnacknowledged: number;
}

/** Compares the history of posts whose ids start with `prefix` with the store; returns every problem found. */
export async function checkHistory(store: Store, history: History, prefix: string): Promise<HistoryReport> {
  const problems: string[] = [];
  const acked = history.acknowledged();
  const like = `${prefix}%`;
  const rows = await store.db.selectFrom('content').select(['id', 'status']).where('id', 'like', like).execute();
  const stored = new Map(rows.map((r) => [r.id, r.status]));
  const ingested = await countsBy(store, 'content.ingested', like);
  const removals = await countsBy(store, 'action.taken', like, '%remove_content%');

  for (const [id, toldStatus] of acked) {
    if (!stored.has(id)) problems.push(`${id}: acknowledged but not stored`);
    if ((ingested.get(id) ?? 0) !== 1) problems.push(`${id}: acknowledged, logged ${ingested.get(id) ?? 0} times`);
    const removed = removals.get(id) ?? 0;
    if (toldStatus === 'removed' && removed !== 1) problems.push(`${id}: the client was told removed; the log holds ${removed} removals`);
    if (toldStatus !== 'removed' && removed !== 0) problems.push(`${id}: the client was told ${toldStatus}; the log holds ${removed} removals`);
  }
  for (const t of history.told) {
    if (t.status !== 200 || !t.replayed) continue;
    const first = acked.get(t.id);
    if (first !== undefined && t.contentStatus !== first && first !== '') problems.push(`${t.id}: a replay told ${t.contentStatus}, the first answer ${first}`);
  }
  let storedUnacknowledged = 0;
  for (const [id] of stored) {
    if (!history.sent.has(id)) problems.push(`${id}: stored, but no client sent it`);
    else if (!acked.has(id)) {
      storedUnacknowledged++;
      if ((ingested.get(id) ?? 0) !== 1) problems.push(`${id}: stored without an answer, logged ${ingested.get(id) ?? 0} times`);
    }
    if ((removals.get(id) ?? 0) > 1) problems.push(`${id}: removed ${removals.get(id)} times`);
  }
  return { problems, acknowledged: acked.size, storedUnacknowledged };
}

async function countsBy(store: Store, type: string, subjectLike: string, payloadLike?: string): Promise<Map<string, number>> {
  let q = store.db
    .selectFrom('events')
    .select(['subject_id', sql<string>`count(*)`.as('n')])
    .where('type', '=', type)
    .where('subject_id', 'like', subjectLike);
  if (payloadLike) q = q.where('payload_json', 'like', payloadLike);
  const rows = await q.groupBy('subject_id').execute();
  return new Map(rows.map((r) => [r.subject_id, Number(r.n)]));
}
