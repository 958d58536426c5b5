// Banks in the database, as rows and queries. The use cases (create, import, remove, list,
// export) are in src/services/banks/; each change they make is an event in the moderation log.
import type { Store } from './store.js';
import type { BankTable, Dialect } from './database.js';
import type { InTx } from './unit-of-work.js';
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
  /** The whole value when `hash` is its digest (vPDQ); absent or null otherwise. */
  value?: string | null;
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

function toInfo(r: BankTable): BankInfo {
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

/**
 * Adds a bank's row unless one has its name (another process may be creating it at the same
 * moment); false when it was there. The service checks the name and logs a creation.
 */
export async function insertBank(tx: InTx, id: string, bank: NewBank, at: string): Promise<boolean> {
  const inserted = await tx
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
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The bank's entries (live or removed) among `hashes`, 500 at a time; `onPage` hears how many were compared. */
export async function entriesWithHashes(
  tx: InTx,
  bankId: string,
  hashes: readonly string[],
  onPage?: (hashesDone: number) => void,
): Promise<Map<string, { key: number; removed: boolean }>> {
  const found = new Map<string, { key: number; removed: boolean }>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await tx
      .selectFrom('bank_entries')
      .select(['key', 'hash', 'removed_at'])
      .where('bank_id', '=', bankId)
      .where('hash', 'in', hashes.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.hash, { key: Number(r.key), removed: r.removed_at !== null });
    onPage?.(Math.min(i + 500, hashes.length));
  }
  return found;
}

/** A bank entry as it changed: live again or newly added, or removed. */
export interface ChangedEntry extends StoredEntry {
  removed: boolean;
}

/** Entries whose last change has a version in (after, upTo], in version order, a page at a time. */
export async function* changedEntries(store: Store, after: number, upTo: number, pageSize = 10_000): AsyncGenerator<ChangedEntry> {
  let from: { version: number; key: number } | null = null;
  for (;;) {
    let q = store.db.selectFrom('bank_entries').select(['key', 'bank_id', 'hash', 'label', 'value', 'removed_at', 'version']).where('version', '<=', upTo);
    if (from) {
      const f: { version: number; key: number } = from;
      q = q.where((eb) => eb(eb.refTuple('version', 'key'), '>', eb.tuple(f.version, f.key)));
    } else {
      q = q.where('version', '>', after);
    }
    const rows = await q.orderBy('version').orderBy('key').limit(pageSize).execute();
    for (const r of rows) yield { key: Number(r.key), bankId: r.bank_id, hash: r.hash, label: r.label, value: r.value, removed: r.removed_at !== null };
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    from = { version: Number(last.version), key: Number(last.key) };
  }
}

export async function insertEntries(tx: InTx, dialect: Dialect, bankId: string, entries: readonly BankEntry[], at: string, version: number): Promise<void> {
  await insertRows(
    tx,
    dialect,
    'bank_entries',
    entries.map((e) => ({
      bank_id: bankId,
      hash: e.hash,
      value: e.value ?? null,
      label: e.label ?? null,
      source_id: e.sourceId ?? null,
      contributor: e.contributor ?? null,
      extra_json: e.extra ? JSON.stringify(e.extra) : null,
      added_at: at,
      removed_at: null,
      version,
    })),
  );
}

/** Brings a removed entry back, with the label the list gives it now. */
export async function reviveEntry(tx: InTx, key: number, label: string | null, at: string, version: number): Promise<void> {
  await tx.updateTable('bank_entries').set({ removed_at: null, added_at: at, label, version }).where('key', '=', key).execute();
}

/** Live entries of a bank among `hashes`, with their keys (what an import added). */
export async function liveEntriesWithHashes(tx: InTx, bankId: string, hashes: readonly string[]): Promise<StoredEntry[]> {
  const out: StoredEntry[] = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await tx
      .selectFrom('bank_entries')
      .select(['key', 'bank_id', 'hash', 'label', 'value'])
      .where('bank_id', '=', bankId)
      .where('hash', 'in', hashes.slice(i, i + 500))
      .where('removed_at', 'is', null)
      .execute();
    for (const r of rows) out.push({ key: Number(r.key), bankId: r.bank_id, hash: r.hash, label: r.label, value: r.value });
  }
  return out;
}

/** Marks a bank updated, with the list version it now holds when one is given. */
export async function touchBank(tx: InTx, bankId: string, at: string, listVersion?: string): Promise<void> {
  await tx
    .updateTable('banks')
    .set({ updated_at: at, ...(listVersion !== undefined ? { list_version: listVersion } : {}) })
    .where('id', '=', bankId)
    .execute();
}

/** Marks live entries with these hashes removed; returns their keys. */
export async function markEntriesRemoved(tx: InTx, bankId: string, hashes: readonly string[], at: string, version: number): Promise<number[]> {
  const keys: number[] = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await tx
      .selectFrom('bank_entries')
      .select('key')
      .where('bank_id', '=', bankId)
      .where('hash', 'in', hashes.slice(i, i + 500))
      .where('removed_at', 'is', null)
      .execute();
    keys.push(...rows.map((r) => Number(r.key)));
  }
  for (let i = 0; i < keys.length; i += 500) {
    await tx
      .updateTable('bank_entries')
      .set({ removed_at: at, version })
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
  }
  return keys;
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
      .select(['key', 'bank_id', 'hash', 'label', 'value', 'source_id', 'contributor', 'extra_json'])
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
        value: r.value,
        sourceId: r.source_id,
        contributor: r.contributor,
        extra: r.extra_json ? (JSON.parse(r.extra_json) as Record<string, string>) : null,
      };
    }
    after = Number(rows[rows.length - 1]!.key);
  }
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
