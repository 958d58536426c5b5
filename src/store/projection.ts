// Keeps the cached state in the accounts, content and cases tables equal to the fold of
// their events. Runs in the same transaction as the append, so the cache can never run
// ahead of or behind the log; `vigie verify` checks that it did not.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Dialect } from './database.js';
import { insertRows, selectByIds } from './bulk.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import type { LoggedEvent, NewEvent } from '../moderation/events.js';
import { foldAccount, foldCase, foldContent, type AccountState, type CaseState, type ContentState } from '../moderation/folds/index.js';

export interface Projected {
  accounts: Map<string, AccountState>;
  content: Map<string, ContentState>;
  cases: Map<string, CaseState>;
}

/**
 * Serialises writers of the same subjects on PostgreSQL (rows that do not exist yet cannot be
 * locked with FOR UPDATE). A writer that decides from what it reads (is this account new? was
 * this content id seen?) takes the locks before it reads: two processes given the same new id
 * then see each other's commit instead of both inserting it. Locks are taken before the log's
 * heads, sorted, and a transaction may take the same lock again at no cost.
 */
export async function lockSubjects(tx: InTx, dialect: Dialect, keys: readonly string[]): Promise<void> {
  if (dialect !== 'postgres' || keys.length === 0) return;
  // Hashed here rather than by PostgreSQL: a key PostgreSQL cannot take as text (a NUL) must
  // reach the event check and its clear refusal, not fail in the lock.
  const ids = [...new Set(keys.map(lockNumber))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  await sql`select pg_advisory_xact_lock(k) from unnest(${ids}::bigint[]) as k order by k`.execute(tx);
}

function lockNumber(key: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16)}`));
}

/** The lock key of a subject, shared by every writer that locks it. */
export function subjectLockKey(kind: string, id: string): string {
  return `${kind}:${id}`;
}

const PROJECTED_KINDS = new Set(['account', 'content', 'case']);

/** The subjects with cached state among `events`: what an append locks before the log's heads. */
export function projectedSubjectKeys(events: readonly NewEvent[]): string[] {
  return events.filter((e) => PROJECTED_KINDS.has(e.subject.kind)).map((e) => subjectLockKey(e.subject.kind, e.subject.id));
}

export async function project(tx: InTx, dialect: Dialect, events: readonly LoggedEvent[]): Promise<Projected> {
  const byKind = { account: new Map<string, LoggedEvent[]>(), content: new Map<string, LoggedEvent[]>(), case: new Map<string, LoggedEvent[]>() };
  for (const e of events) {
    const kind = e.subject.kind;
    if (kind !== 'account' && kind !== 'content' && kind !== 'case') continue;
    const map = byKind[kind];
    const list = map.get(e.subject.id);
    if (list) list.push(e);
    else map.set(e.subject.id, [e]);
  }
  // The subjects were locked by the append, before the log's heads (Store.write).
  return {
    accounts: await projectAccounts(tx, dialect, byKind.account),
    content: await projectContent(tx, dialect, byKind.content),
    cases: await projectCases(tx, dialect, byKind.case),
  };
}

/**
 * The cached states of the subjects in `groups`, except those whose events start with
 * their creation: such a subject has no row yet (the writer checked under the subject's
 * lock, see lockSubjects; a writer that did not would fail here on the key).
 */
async function loadStates<S>(tx: Tx, dialect: Dialect, table: 'accounts' | 'content' | 'cases', groups: Map<string, LoggedEvent[]>): Promise<Map<string, S>> {
  const out = new Map<string, S>();
  const ids = [...groups].filter(([, events]) => !CREATION_TYPES.has(events[0]!.type)).map(([id]) => id);
  for (const r of await selectByIds(tx, dialect, table, ['id', 'state_json'], ids)) out.set(r.id, JSON.parse(r.state_json) as S);
  return out;
}

const CREATION_TYPES = new Set(['account.registered', 'content.ingested', 'case.opened']);

function lastSeq(events: LoggedEvent[]): number {
  return events[events.length - 1]!.seq;
}

function stateJson(state: object): string {
  return JSON.stringify(state);
}

async function projectAccounts(tx: Tx, dialect: Dialect, groups: Map<string, LoggedEvent[]>): Promise<Map<string, AccountState>> {
  const result = new Map<string, AccountState>();
  if (groups.size === 0) return result;
  const existing = await loadStates<AccountState>(tx, dialect, 'accounts', groups);
  const inserts = [];
  for (const [id, events] of groups) {
    const before = existing.get(id);
    let state = before;
    for (const e of events) state = foldAccount(state, e);
    if (!state) continue;
    result.set(id, state);
    if (before) {
      await tx
        .updateTable('accounts')
        .set({
          handle: state.handle,
          identifiers_json: stateJson(state.identifiers),
          state_json: stateJson(state),
          status: state.status,
          last_event_seq: lastSeq(events),
          updated_at: state.updatedAt,
        })
        .where('id', '=', id)
        .execute();
    } else {
      inserts.push({
        id,
        handle: state.handle,
        identifiers_json: stateJson(state.identifiers),
        state_json: stateJson(state),
        status: state.status,
        last_event_seq: lastSeq(events),
        created_at: state.registeredAt,
        updated_at: state.updatedAt,
      });
    }
  }
  await insertRows(tx, dialect, 'accounts', inserts);
  return result;
}

async function projectContent(tx: Tx, dialect: Dialect, groups: Map<string, LoggedEvent[]>): Promise<Map<string, ContentState>> {
  const result = new Map<string, ContentState>();
  if (groups.size === 0) return result;
  const existing = await loadStates<ContentState>(tx, dialect, 'content', groups);
  const inserts = [];
  const mediaRows = [];
  for (const [id, events] of groups) {
    const before = existing.get(id);
    let state = before;
    for (const e of events) state = foldContent(state, e);
    if (!state) continue;
    result.set(id, state);
    if (before) {
      await tx
        .updateTable('content')
        .set({ state_json: stateJson(state), status: state.status, last_event_seq: lastSeq(events) })
        .where('id', '=', id)
        .execute();
      continue;
    }
    const ingested = events.find((e) => e.type === 'content.ingested');
    if (!ingested) continue;
    const p = ingested.payload;
    const json = stateJson(state);
    inserts.push({
      id,
      author_id: state.authorId,
      kind: state.kind,
      text: typeof p.text === 'string' ? p.text : null,
      links_json: JSON.stringify(Array.isArray(p.links) ? p.links : []),
      in_reply_to: typeof p.inReplyTo === 'string' ? p.inReplyTo : null,
      recipient_id: typeof p.recipientId === 'string' ? p.recipientId : null,
      created_at: state.createdAt,
      ingested_at: state.ingestedAt,
      request_digest: typeof p.requestDigest === 'string' ? p.requestDigest : '',
      // The first answer to the platform: a replay of the same id returns it unchanged.
      response_json: json,
      state_json: json,
      status: state.status,
      last_event_seq: lastSeq(events),
    });
    for (const m of Array.isArray(p.media) ? p.media : []) {
      if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
      mediaRows.push({
        content_id: id,
        media_id: String(m.id),
        sha256: String(m.sha256),
        md5: String(m.md5),
        size: Number(m.size),
        detected_type: String(m.detectedType),
        declared_type: typeof m.declaredType === 'string' ? m.declaredType : null,
        original_file_name: typeof m.originalFileName === 'string' ? m.originalFileName : null,
        created_at: ingested.at,
      });
    }
  }
  await insertRows(tx, dialect, 'content', inserts, 200);
  await insertRows(tx, dialect, 'media', mediaRows);
  return result;
}

async function projectCases(tx: Tx, dialect: Dialect, groups: Map<string, LoggedEvent[]>): Promise<Map<string, CaseState>> {
  const result = new Map<string, CaseState>();
  if (groups.size === 0) return result;
  const existing = await loadStates<CaseState>(tx, dialect, 'cases', groups);
  for (const [id, events] of groups) {
    const before = existing.get(id);
    let state = before;
    for (const e of events) state = foldCase(state, e);
    if (!state) continue;
    result.set(id, state);
    const row = {
      status: state.status,
      priority: state.priority,
      assignee_id: state.assigneeId,
      queue: state.queue ?? 'general',
      lease_until: state.leaseUntil ?? null,
      state_json: stateJson(state),
      last_event_seq: lastSeq(events),
      updated_at: state.updatedAt,
    };
    if (before) await tx.updateTable('cases').set(row).where('id', '=', id).execute();
    else
      await tx
        .insertInto('cases')
        .values({ id, subject_kind: state.subjectKind, subject_id: state.subjectId, opened_at: state.openedAt, ...row })
        .execute();
  }
  return result;
}
