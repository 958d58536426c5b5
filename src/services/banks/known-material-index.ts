// The banks' hashes held in memory for matching: a PDQ index (src/match) and exact
// digest indexes, keyed by bank entry keys. Only keys live in memory; a hit is resolved
// to its bank and label in the database, which is cheap because hits are rare.
//
// The index follows the database: `refresh()` picks up entries added or removed by other
// processes (a CLI import, another API node). A snapshot on disk spares a restart the
// rebuild; it is trusted only if the database still holds exactly what it describes.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { PdqIndex, ExactHashIndex, decodePdqSnapshot, encodePdqSnapshot, matchPdq, type HashType } from '../../match/index.js';
import type { Store } from '../../store/store.js';
import { bankEntries, entriesByKeys, listBanks, removedSince, type BankInfo, type StoredEntry } from '../../store/bank-store.js';

export interface MediaHashesForMatch {
  pdq?: string;
  quality?: number;
  /** The 7 other dihedral variants, in pdq-photo-hasher's order. */
  variants?: readonly string[];
  md5: string;
  sha256: string;
}

export interface KnownMaterialHit {
  bank: Pick<BankInfo, 'id' | 'name' | 'hashType' | 'source' | 'verified'>;
  entryKey: number;
  hash: string;
  label: string | null;
  hashType: HashType;
  /** Hamming distance for PDQ; 0 for exact digests. */
  distance: number;
  /** 0 for the image as sent, 1..7 for the dihedral variant (rotation, flip) that matched. */
  variant: number;
}

interface SnapshotMeta {
  version: 1;
  maxKey: number;
  pdqLive: number;
  removedCheckedAt: string;
}

type ExactType = 'md5' | 'sha1' | 'sha256';

export class KnownMaterialIndex {
  private pdq = new PdqIndex();
  private exact: Record<ExactType, ExactHashIndex> = { md5: new ExactHashIndex('md5'), sha1: new ExactHashIndex('sha1'), sha256: new ExactHashIndex('sha256') };
  private banks = new Map<string, BankInfo>();
  private maxKey = 0;
  private removedCheckedAt = '1970-01-01T00:00:00.000Z';

  constructor(
    private readonly store: Store,
    private readonly options: { snapshotPath?: string; now?: () => Date; maxDistance?: number } = {},
  ) {}

  get size(): number {
    return this.pdq.size + this.exact.md5.size + this.exact.sha1.size + this.exact.sha256.size;
  }

  /** Loads from the snapshot when it still matches the database, otherwise from the database. */
  async load(): Promise<'snapshot' | 'database'> {
    await this.loadBanks();
    const fromSnapshot = await this.tryLoadSnapshot();
    const checkpoint = this.nowIso();
    if (!fromSnapshot) {
      this.pdq = new PdqIndex();
      for (const t of ['md5', 'sha1', 'sha256'] as const) this.exact[t] = new ExactHashIndex(t);
      this.maxKey = 0;
    }
    // Exact indexes are not snapshotted (a Map rebuilds fast); the PDQ index may be.
    for await (const e of bankEntries(this.store, undefined, 0)) {
      const bank = this.banks.get(e.bankId);
      if (!bank) continue;
      if (bank.hashType === 'pdq') {
        if (e.key > this.maxKey || !fromSnapshot) this.pdq.add(e.hash, e.key);
      } else {
        this.exact[bank.hashType].add(e.hash, e.key);
      }
      if (e.key > this.maxKey) this.maxKey = e.key;
    }
    if (fromSnapshot) await this.applyRemovals(this.removedCheckedAt);
    this.removedCheckedAt = checkpoint;
    return fromSnapshot ? 'snapshot' : 'database';
  }

  /** Picks up entries and removals made since the last load or refresh (by any process). */
  async refresh(): Promise<void> {
    const checkpoint = this.nowIso();
    await this.loadBanks();
    for await (const e of bankEntries(this.store, undefined, this.maxKey)) this.addEntry(e);
    await this.applyRemovals(this.removedCheckedAt);
    this.removedCheckedAt = checkpoint;
  }

  /** Adds entries just written by this process, without waiting for a refresh. */
  addEntries(entries: readonly StoredEntry[], bank: BankInfo): void {
    this.banks.set(bank.id, bank);
    for (const e of entries) this.addEntry(e);
  }

  removeKeys(bank: BankInfo, removed: readonly { key: number; hash: string }[]): void {
    for (const r of removed) {
      if (bank.hashType === 'pdq') this.pdq.remove(r.key);
      else this.exact[bank.hashType].remove(r.hash, r.key);
    }
  }

  async match(hashes: MediaHashesForMatch, onlyBankId?: string): Promise<KnownMaterialHit[]> {
    const found = new Map<number, { distance: number; variant: number; hashType: HashType }>();
    if (hashes.pdq && hashes.quality !== undefined && this.pdq.size > 0) {
      const outcome = matchPdq(
        this.pdq,
        { hash: hashes.pdq, quality: hashes.quality, ...(hashes.variants ? { variants: hashes.variants } : {}) },
        this.options.maxDistance !== undefined ? { maxDistance: this.options.maxDistance } : {},
      );
      for (const m of outcome.matches) found.set(m.key, { distance: m.distance, variant: m.variant, hashType: 'pdq' });
    }
    for (const key of this.exact.md5.lookup(hashes.md5)) found.set(key, { distance: 0, variant: 0, hashType: 'md5' });
    for (const key of this.exact.sha256.lookup(hashes.sha256)) found.set(key, { distance: 0, variant: 0, hashType: 'sha256' });
    if (found.size === 0) return [];
    const entries = await entriesByKeys(this.store, [...found.keys()]);
    const hits: KnownMaterialHit[] = [];
    for (const e of entries) {
      const bank = this.banks.get(e.bankId);
      const f = found.get(e.key);
      if (!bank || !f || (onlyBankId && bank.id !== onlyBankId)) continue;
      hits.push({
        bank: { id: bank.id, name: bank.name, hashType: bank.hashType, source: bank.source, verified: bank.verified },
        entryKey: e.key,
        hash: e.hash,
        label: e.label,
        hashType: f.hashType,
        distance: f.distance,
        variant: f.variant,
      });
    }
    return hits.sort((a, b) => a.distance - b.distance || a.entryKey - b.entryKey);
  }

  async saveSnapshot(): Promise<void> {
    const path = this.options.snapshotPath;
    if (!path) return;
    await mkdir(dirname(path), { recursive: true });
    const meta: SnapshotMeta = { version: 1, maxKey: this.maxKey, pdqLive: this.pdq.size, removedCheckedAt: this.removedCheckedAt };
    const tmp = `${path}.tmp`;
    await writeFile(tmp, Buffer.concat(encodePdqSnapshot(this.pdq)));
    await rename(tmp, path);
    await writeFile(`${path}.json`, JSON.stringify(meta));
  }

  private addEntry(e: StoredEntry): void {
    const bank = this.banks.get(e.bankId);
    if (!bank) return;
    if (bank.hashType === 'pdq') this.pdq.add(e.hash, e.key);
    else this.exact[bank.hashType].add(e.hash, e.key);
    if (e.key > this.maxKey) this.maxKey = e.key;
  }

  private async applyRemovals(since: string): Promise<void> {
    for (const r of await removedSince(this.store, since)) {
      const bank = this.banks.get(r.bankId);
      if (!bank) continue;
      if (bank.hashType === 'pdq') this.pdq.remove(r.key);
      else this.exact[bank.hashType].remove(r.hash, r.key);
    }
  }

  private async loadBanks(): Promise<void> {
    this.banks = new Map((await listBanks(this.store)).map((b) => [b.id, b]));
  }

  private async tryLoadSnapshot(): Promise<boolean> {
    const path = this.options.snapshotPath;
    if (!path) return false;
    let meta: SnapshotMeta;
    let bytes: Buffer;
    try {
      meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as SnapshotMeta;
      bytes = await readFile(path);
    } catch {
      return false;
    }
    if (meta.version !== 1) return false;
    let index: PdqIndex;
    try {
      index = decodePdqSnapshot(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      return false;
    }
    // The snapshot describes the live PDQ entries up to maxKey as of removedCheckedAt; the
    // database must agree (same count then), or it was restored or replaced meanwhile.
    const row = await this.store.db
      .selectFrom('bank_entries')
      .innerJoin('banks', 'banks.id', 'bank_entries.bank_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('banks.hash_type', '=', 'pdq')
      .where('bank_entries.key', '<=', meta.maxKey)
      .where((eb) => eb.or([eb('bank_entries.removed_at', 'is', null), eb('bank_entries.removed_at', '>', meta.removedCheckedAt)]))
      .executeTakeFirstOrThrow();
    if (Number(row.n) !== meta.pdqLive || index.size !== meta.pdqLive) return false;
    this.pdq = index;
    this.maxKey = meta.maxKey;
    this.removedCheckedAt = meta.removedCheckedAt;
    return true;
  }

  private nowIso(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}
