// The cached state of accounts and content (the fold of their events, kept by
// projection.ts): the one place where those rows become domain states.
import type { Tx } from './transaction.js';
import type { Dialect } from './database.js';
import { selectByIds } from './bulk.js';
import type { AccountState } from '../moderation/folds/account.js';
import type { ContentState } from '../moderation/folds/content.js';
import type { JsonObject } from '../moderation/events.js';

export async function accountState(db: Tx, id: string): Promise<AccountState | undefined> {
  const row = await db.selectFrom('accounts').select('state_json').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as AccountState) : undefined;
}

export async function accountStates(db: Tx, ids: readonly string[]): Promise<Map<string, AccountState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'state_json'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, JSON.parse(r.state_json) as AccountState]));
}

export async function contentState(db: Tx, id: string): Promise<ContentState | undefined> {
  const row = await db.selectFrom('content').select('state_json').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as ContentState) : undefined;
}

/** Items already ingested among `ids`: their request digest, and their first answer (parsed only when asked: only a replay needs it). */
export async function ingestedItems(
  tx: Tx,
  dialect: Dialect,
  ids: readonly string[],
): Promise<Map<string, { digest: string; answer(): ContentState; review(): JsonObject | null }>> {
  const out = new Map<string, { digest: string; answer(): ContentState; review(): JsonObject | null }>();
  for (const r of await selectByIds(tx, dialect, 'content', ['id', 'request_digest', 'response_json', 'review_json'], ids)) {
    const stored = r.response_json;
    const review = r.review_json;
    out.set(r.id, {
      digest: r.request_digest,
      answer: () => JSON.parse(stored) as ContentState,
      review: () => (review ? (JSON.parse(review) as JsonObject) : null),
    });
  }
  return out;
}

/** The handles of the accounts among `ids` that exist. */
export async function accountHandles(tx: Tx, dialect: Dialect, ids: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const r of await selectByIds(tx, dialect, 'accounts', ['id', 'handle'], ids)) out.set(r.id, r.handle);
  return out;
}

/** Replaces the stored first answer of an ingested item (returned again on a replay). */
export async function saveIngestAnswer(db: Tx, id: string, state: ContentState, review: JsonObject | null = null): Promise<void> {
  await db
    .updateTable('content')
    .set({ response_json: JSON.stringify(state), ...(review ? { review_json: JSON.stringify(review) } : {}) })
    .where('id', '=', id)
    .execute();
}
