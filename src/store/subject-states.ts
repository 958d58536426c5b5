// The cached state of accounts and content (the fold of their events, kept by
// projection.ts): the one place where those rows become domain states.
import type { Tx } from './transaction.js';
import type { AccountState } from '../moderation/folds/account.js';
import type { ContentState } from '../moderation/folds/content.js';

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

/** Replaces the stored first answer of an ingested item (returned again on a replay). */
export async function saveIngestAnswer(db: Tx, id: string, state: ContentState): Promise<void> {
  await db
    .updateTable('content')
    .set({ response_json: JSON.stringify(state) })
    .where('id', '=', id)
    .execute();
}
