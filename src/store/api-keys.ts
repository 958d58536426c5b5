// Platform API keys. A key is shown once, at creation; only its SHA-256 is stored (a key
// is 256 random bits, so a fast hash is enough: there is nothing to guess).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './store.js';
import type { Actor } from '../moderation/events.js';

export const API_SCOPES = ['content:write', 'content:read', 'accounts:write', 'accounts:read', 'reports:write', 'signups:check'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(
  store: Store,
  input: { name: string; scopes?: ApiScope[]; actor: Actor; at: string },
): Promise<{ info: ApiKeyInfo; key: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new Error('an API key needs a name of 1 to 100 characters');
  const scopes = input.scopes ?? [...API_SCOPES];
  const id = `key_${randomUUID()}`;
  const key = `vigie_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  await store.write(async (w) => {
    await w.tx
      .insertInto('api_keys')
      .values({ id, name, prefix, key_hash: hashApiKey(key), scopes_json: JSON.stringify(scopes), created_at: input.at, revoked_at: null })
      .execute();
    await w.append([
      { type: 'api_key.created', subject: { kind: 'api_key', id }, actor: input.actor, at: input.at, reason: null, payload: { name, prefix, scopes } },
    ]);
  });
  return { info: { id, name, prefix, scopes, createdAt: input.at, revokedAt: null }, key };
}

export async function findApiKey(store: Store, key: string): Promise<ApiKeyInfo | null> {
  const row = await store.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hashApiKey(key)).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes_json) as ApiScope[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function listApiKeys(store: Store): Promise<ApiKeyInfo[]> {
  const rows = await store.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes_json) as ApiScope[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeApiKey(store: Store, id: string, actor: Actor, at: string): Promise<boolean> {
  return store.write(async (w) => {
    const r = await w.tx.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await w.append([{ type: 'api_key.revoked', subject: { kind: 'api_key', id }, actor, at, reason: null, payload: {} }]);
    return true;
  });
}
