// Banks in the database: create, import entries, list, export, remove. Every change is an
// event in the moderation log (who loaded which list, when, with how many hashes).
import { randomUUID } from 'node:crypto';
import type { Store } from './store.js';
import type { Actor } from '../moderation/events.js';
import type { BankEntry, HashType } from '../match/bank.js';
import { insertRows } from './bulk.js';

export interface BankInfo {
  id: string;
  name: string;
  hashType: HashType;
  source: string;
  listVersion: string | null;
  listDate: string | null;
  verified: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredEntry {
  key: number;
  bankId: string;
  hash: string;
  label: string | null;
}

export interface NewBank {
  name: string;
  hashType: HashType;
  source: string;
  listVersion?: string | null;
  listDate?: string | null;
  verified: boolean;
  description?: string | null;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function toInfo(r: {
  id: string;
  name: string;
  hash_type: string;
  source: string;
  list_version: string | null;
  list_date: string | null;
  verified: number;
  description: string | null;
  created_at: string;
  updated_at: string;
}): BankInfo {
  return {
    id: r.id,
    name: r.name,
    hashType: r.hash_type as HashType,
    source: r.source,
    listVersion: r.list_version,
    listDate: r.list_date,
    verified: r.verified === 1,
    description: r.description,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listBanks(store: Store): Promise<(BankInfo & { entries: number })[]> {
  const banks = await store.db.selectFrom('banks').selectAll().orderBy('name').execute();
  const counts = await store.db
    .selectFrom('bank_entries')
    .select(['bank_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('removed_at', 'is', null)
    .groupBy('bank_id')
    .execute();
  const byBank = new Map(counts.map((c) => [c.bank_id, Number(c.n)]));
  return banks.map((b) => ({ ...toInfo(b), entries: byBank.get(b.id) ?? 0 }));
}

export async function findBank(store: Store, name: string): Promise<BankInfo | null> {
  const row = await store.db.selectFrom('banks').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toInfo(row) : null;
}

export async function createBank(store: Store, bank: NewBank, actor: Actor, at: string): Promise<BankInfo> {
  if (!NAME.test(bank.name))
    throw new Error(`a bank name is 1-100 characters of a-z, 0-9, ".", "_" and "-", starting with a letter or digit; got "${bank.name}"`);
  const id = `bank_${randomUUID()}`;
  await store.write(async (w) => {
    await w.tx
      .insertInto('banks')
      .values({
        id,
        name: bank.name,
        hash_type: bank.hashType,
        source: bank.source,
        list_version: bank.listVersion ?? null,
        list_date: bank.listDate ?? null,
        verified: bank.verified ? 1 : 0,
        description: bank.description ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await w.append([
      {
        type: 'bank.created',
        subject: { kind: 'bank', id },
        actor,
        at,
        reason: null,
        payload: { name: bank.name, hashType: bank.hashType, source: bank.source, listVersion: bank.listVersion ?? null, verified: bank.verified },
      },
    ]);
  });
  return (await findBank(store, bank.name))!;
}

export interface ImportSummary {
  added: StoredEntry[];
  /** Entries already in the bank (same hash): kept as they were. */
  unchanged: number;
}

/** Adds entries to a bank; a hash already there is left as it is (or revived if removed). */
/** `onProgress` hears how many entries have been compared with the bank so far (for a progress line). */
export async function importEntries(
  store: Store,
  bank: BankInfo,
  entries: readonly BankEntry[],
  actor: Actor,
  at: string,
  listVersion?: string,
  options: { onProgress?: (entriesDone: number) => void } = {},
): Promise<ImportSummary> {
  return store.write(async (w) => {
    const existing = new Map<string, { key: number; removed: boolean }>();
    const hashes = entries.map((e) => e.hash);
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await w.tx
        .selectFrom('bank_entries')
        .select(['key', 'hash', 'removed_at'])
        .where('bank_id', '=', bank.id)
        .where('hash', 'in', hashes.slice(i, i + 500))
        .execute();
      for (const r of rows) existing.set(r.hash, { key: Number(r.key), removed: r.removed_at !== null });
      options.onProgress?.(Math.min(i + 500, hashes.length));
    }
    const fresh = entries.filter((e) => !existing.has(e.hash));
    const revived = entries.filter((e) => existing.get(e.hash)?.removed);
    await insertRows(
      w.tx,
      w.dialect,
      'bank_entries',
      fresh.map((e) => ({
        bank_id: bank.id,
        hash: e.hash,
        label: e.label ?? null,
        source_id: e.sourceId ?? null,
        contributor: e.contributor ?? null,
        extra_json: e.extra ? JSON.stringify(e.extra) : null,
        added_at: at,
        removed_at: null,
      })),
    );
    for (const e of revived) {
      await w.tx
        .updateTable('bank_entries')
        .set({ removed_at: null, added_at: at, label: e.label ?? null })
        .where('key', '=', existing.get(e.hash)!.key)
        .execute();
    }
    const addedHashes = [...fresh, ...revived].map((e) => e.hash);
    const added: StoredEntry[] = [];
    for (let i = 0; i < addedHashes.length; i += 500) {
      const rows = await w.tx
        .selectFrom('bank_entries')
        .select(['key', 'bank_id', 'hash', 'label'])
        .where('bank_id', '=', bank.id)
        .where('hash', 'in', addedHashes.slice(i, i + 500))
        .execute();
      for (const r of rows) added.push({ key: Number(r.key), bankId: r.bank_id, hash: r.hash, label: r.label });
    }
    if (listVersion !== undefined) await w.tx.updateTable('banks').set({ list_version: listVersion, updated_at: at }).where('id', '=', bank.id).execute();
    else await w.tx.updateTable('banks').set({ updated_at: at }).where('id', '=', bank.id).execute();
    await w.append([
      {
        type: 'bank.imported',
        subject: { kind: 'bank', id: bank.id },
        actor,
        at,
        reason: null,
        payload: {
          bank: bank.name,
          offered: entries.length,
          added: added.length,
          unchanged: entries.length - added.length,
          listVersion: listVersion ?? bank.listVersion,
        },
      },
    ]);
    return { added, unchanged: entries.length - added.length };
  });
}

export async function removeEntries(store: Store, bank: BankInfo, hashes: readonly string[], actor: Actor, at: string): Promise<number[]> {
  return store.write(async (w) => {
    const keys: number[] = [];
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await w.tx
        .selectFrom('bank_entries')
        .select('key')
        .where('bank_id', '=', bank.id)
        .where('hash', 'in', hashes.slice(i, i + 500))
        .where('removed_at', 'is', null)
        .execute();
      keys.push(...rows.map((r) => Number(r.key)));
    }
    for (let i = 0; i < keys.length; i += 500) {
      await w.tx
        .updateTable('bank_entries')
        .set({ removed_at: at })
        .where('key', 'in', keys.slice(i, i + 500))
        .execute();
    }
    if (keys.length > 0) {
      await w.append([
        { type: 'bank.entries_removed', subject: { kind: 'bank', id: bank.id }, actor, at, reason: null, payload: { bank: bank.name, removed: keys.length } },
      ]);
    }
    return keys;
  });
}

/** Live entries of a bank, in key order, a page at a time (for export and index loads). */
export async function* bankEntries(
  store: Store,
  bankId?: string,
  afterKey = 0,
  pageSize = 10_000,
): AsyncGenerator<StoredEntry & { sourceId: string | null; contributor: string | null; extra: Record<string, string> | null }> {
  let after = afterKey;
  for (;;) {
    let q = store.db
      .selectFrom('bank_entries')
      .select(['key', 'bank_id', 'hash', 'label', 'source_id', 'contributor', 'extra_json'])
      .where('key', '>', after)
      .where('removed_at', 'is', null)
      .orderBy('key')
      .limit(pageSize);
    if (bankId) q = q.where('bank_id', '=', bankId);
    const rows = await q.execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      yield {
        key: Number(r.key),
        bankId: r.bank_id,
        hash: r.hash,
        label: r.label,
        sourceId: r.source_id,
        contributor: r.contributor,
        extra: r.extra_json ? (JSON.parse(r.extra_json) as Record<string, string>) : null,
      };
    }
    after = Number(rows[rows.length - 1]!.key);
  }
}

/** Entries removed after `since` (ISO time), for processes that keep an index in memory. */
export async function removedSince(store: Store, since: string): Promise<{ key: number; bankId: string; hash: string; removedAt: string }[]> {
  const rows = await store.db
    .selectFrom('bank_entries')
    .select(['key', 'bank_id', 'hash', 'removed_at'])
    .where('removed_at', '>', since)
    .orderBy('removed_at')
    .execute();
  return rows.map((r) => ({ key: Number(r.key), bankId: r.bank_id, hash: r.hash, removedAt: r.removed_at! }));
}

export async function entriesByKeys(store: Store, keys: readonly number[]): Promise<StoredEntry[]> {
  if (keys.length === 0) return [];
  const rows = await store.db
    .selectFrom('bank_entries')
    .select(['key', 'bank_id', 'hash', 'label'])
    .where('key', 'in', [...keys])
    .execute();
  return rows.map((r) => ({ key: Number(r.key), bankId: r.bank_id, hash: r.hash, label: r.label }));
}
