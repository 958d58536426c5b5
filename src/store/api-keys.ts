// Platform API keys, as rows. Only a key's SHA-256 is stored; creating, revoking and
// authenticating a key are use cases (src/services/api-keys/).
import type { Selectable } from 'kysely';
import type { ApiKeyTable } from './database.js';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';

/** What a key may do: the vocabulary of the scopes_json column. */
export const API_SCOPES = [
  'content:write',
  'content:read',
  'accounts:write',
  'accounts:read',
  'reports:write',
  'signups:check',
  'appeals:write',
  'statements:read',
  'stats:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
  /** The platform the key acts for: every id it sends is that platform's. */
  platform: string;
}

export type ApiKeyRow = Selectable<ApiKeyTable>;

export function toApiKeyInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes_json) as ApiScope[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    platform: row.platform_id,
  };
}

export async function insertApiKey(tx: InTx, row: ApiKeyRow): Promise<void> {
  await tx.insertInto('api_keys').values(row).execute();
}

export async function apiKeyByHash(db: Tx, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function apiKeyRows(db: Tx): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
}

export async function apiKeyById(db: Tx, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a key revoked unless it already is; false when there was no active key with that id. */
export async function markApiKeyRevoked(tx: InTx, id: string, at: string): Promise<boolean> {
  const r = await tx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
