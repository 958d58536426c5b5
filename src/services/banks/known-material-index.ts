// The banks' hashes held in memory for matching: one index per hash type, made by the
// type's plug-in (src/match/hash-types: a PDQ multi-index, exact digest maps, the vPDQ
// video index), keyed by bank entry keys. A video's frames are matched against the video
// banks and, frame by frame, against the image (PDQ) banks. Only keys live in memory; a hit is resolved
// to its bank and label in the database, which is cheap because hits are rare.
//
// The index follows the database through the banks' version counter (migration 009):
// `refresh()` reads the entries whose last change is newer than the version it has seen,
// whoever made it (a CLI import, another API node), adds what is live and drops what was
// removed. A bitset of the keys held makes that idempotent, so a change read twice (once by
// a load, once by the refresh after it) is applied once. A snapshot on disk spares a
// restart the rebuild; it is kept only if, once brought up to date, it holds exactly as
// many live PDQ entries as the database.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import {
  HASH_TYPES,
  HASH_TYPE_DEFS,
  PdqBankIndex,
  decodePdqSnapshot,
  distinctFrames,
  encodePdqSnapshot,
  matchPdq,
  type HashType,
  type PdqIndex,
  type VpdqFrame,
  type VpdqPercents,
  type VpdqThresholds,
} from '../../match/index.js';
import type { Store } from '../../store/store.js';
import { committedVersion } from '../../store/change-counters.js';
import { bankEntries, changedEntries, entriesByKeys, listBanks, type BankInfo, type StoredEntry } from '../../store/bank-store.js';
import { KeySet } from './key-set.js';

export interface MediaHashesForMatch {
  pdq?: string;
  quality?: number;
  /** The 7 other dihedral variants, in pdq-photo-hasher's order. */
  variants?: readonly string[];
  md5: string;
  sha256: string;
  /** A video's frame hashes (vPDQ): matched against the video banks, and each frame against the image banks. */
  frames?: readonly VpdqFrame[];
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
  /** A video's frame that matched an image bank: its number and time. */
  frame?: { frameNumber: number | null; timestamp: number | null };
  /** A video that matched a video bank: how much of each side was found in the other. */
  video?: VpdqPercents;
}

type Indexes = { [T in HashType]: ReturnType<(typeof HASH_TYPE_DEFS)[T]['createIndex']> };

function createIndexes(): Indexes {
  const out = {} as Record<HashType, unknown>;
  for (const t of HASH_TYPES) out[t] = HASH_TYPE_DEFS[t].createIndex();
  return out as Indexes;
}

interface Found {
  distance: number;
  variant: number;
  hashType: HashType;
  frame?: KnownMaterialHit['frame'];
  video?: VpdqPercents;
}

/**
 * Every process holding the index reads the banks' changes this often: the bound within
 * which a change reaches it without NATS (with NATS, a notice brings it at once).
 */
export const BANK_INDEX_REFRESH_MS = 5_000;
/** An index whose last refresh that succeeded began longer ago than this is stale (/health says so): three polls missed. */
export const BANK_INDEX_STALE_MS = 3 * BANK_INDEX_REFRESH_MS;

interface SnapshotMeta {
  version: 2;
  /** The banks version the snapshot's PDQ entries are up to date with. */
  banksVersion: number;
  pdqLive: number;
}

export class KnownMaterialIndex {
  private indexes = createIndexes();
  private banks = new Map<string, BankInfo>();
  /** Keys held (PDQ and exact alike): adds and removals apply once, however often they are read. */
  private held = new KeySet();
  private seenVersion = 0;
  /** The banks version of the last snapshot written or read, so an unchanged index is not written again. */
  private snapshotVersion = -1;
  /** When the last load or refresh that succeeded began: every bank change committed before it is held. */
  private currentAt: Date | undefined;
  private loadedFrom: 'snapshot' | 'database' | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: { snapshotPath?: string; maxDistance?: number; video?: VpdqThresholds; now?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  get size(): number {
    let n = 0;
    for (const t of HASH_TYPES) n += this.indexes[t].size;
    return n;
  }

  private get pdq(): PdqIndex {
    return this.indexes.pdq.pdq;
  }

  /** The banks version held, and since when every change committed before then is known to be held. */
  freshness(): { version: number; currentAt: Date | undefined; loadedFrom: 'snapshot' | 'database' | undefined } {
    return { version: this.seenVersion, currentAt: this.currentAt, loadedFrom: this.loadedFrom };
  }

  /** Loads from the snapshot when it still matches the database, otherwise from the database. */
  async load(): Promise<'snapshot' | 'database'> {
    const started = this.now();
    this.loadedFrom = await this.loadFrom();
    this.currentAt = started;
    return this.loadedFrom;
  }

  private async loadFrom(): Promise<'snapshot' | 'database'> {
    await this.loadBanks();
    // Read first: every change at or below it is committed, so the scan below sees it; a
    // change above it may or may not be seen now, and the next refresh applies it (once).
    const version = await committedVersion(this.store, 'bank_state');
    const snapshot = await this.tryLoadSnapshot();
    if (!snapshot) this.reset();
    // Exact indexes are not snapshotted (a Map rebuilds fast); the PDQ index may be.
    for await (const e of bankEntries(this.store, undefined, 0)) this.addEntry(e);
    if (snapshot) {
      // Removed since the snapshot was written: their rows carry a newer version.
      for await (const e of changedEntries(this.store, snapshot.banksVersion, version)) if (e.removed) this.removeEntry(e);
      if (this.pdq.size !== (await this.livePdqEntries())) {
        // The database was restored or replaced under the snapshot: rebuild.
        this.reset();
        for await (const e of bankEntries(this.store, undefined, 0)) this.addEntry(e);
        this.seenVersion = version;
        return 'database';
      }
    }
    this.seenVersion = version;
    return snapshot ? 'snapshot' : 'database';
  }

  /**
   * Picks up entries added, revived and removed since the last load or refresh (by any
   * process). Called by the poll and by change notices alike: a call while a refresh runs
   * waits for one more that begins after it, so what was committed before the call is held
   * once it resolves, and two callers never scan the same changes side by side.
   */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      const started = this.now();
      this.refreshing = this.refreshOnce()
        .then(() => {
          this.currentAt = started;
        })
        .finally(() => {
          this.refreshing = undefined;
        });
      return this.refreshing;
    }
    this.refreshAgain ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.refreshAgain = undefined;
        return this.refresh();
      });
    return this.refreshAgain;
  }

  private async refreshOnce(): Promise<void> {
    await this.loadBanks();
    const version = await committedVersion(this.store, 'bank_state');
    if (version === this.seenVersion) return;
    for await (const e of changedEntries(this.store, this.seenVersion, version)) {
      if (e.removed) this.removeEntry(e);
      else this.addEntry(e);
    }
    this.seenVersion = version;
  }

  /** Adds entries just written by this process, without waiting for a refresh. */
  addEntries(entries: readonly StoredEntry[], bank: BankInfo): void {
    this.banks.set(bank.id, bank);
    for (const e of entries) this.addEntry(e);
  }

  removeKeys(bank: BankInfo, removed: readonly { key: number; hash: string }[]): void {
    for (const r of removed) this.removeEntry({ key: r.key, bankId: bank.id, hash: r.hash, label: null });
  }

  async match(hashes: MediaHashesForMatch, onlyBankId?: string): Promise<KnownMaterialHit[]> {
    const found = new Map<number, Found>();
    const maxDistance = this.options.maxDistance !== undefined ? { maxDistance: this.options.maxDistance } : {};
    if (hashes.pdq && hashes.quality !== undefined && this.pdq.size > 0) {
      const outcome = matchPdq(this.pdq, { hash: hashes.pdq, quality: hashes.quality, ...(hashes.variants ? { variants: hashes.variants } : {}) }, maxDistance);
      for (const m of outcome.matches) found.set(m.key, { distance: m.distance, variant: m.variant, hashType: 'pdq' });
    }
    for (const key of this.indexes.md5.lookup(hashes.md5)) found.set(key, { distance: 0, variant: 0, hashType: 'md5' });
    for (const key of this.indexes.sha256.lookup(hashes.sha256)) found.set(key, { distance: 0, variant: 0, hashType: 'sha256' });
    if (hashes.frames) this.matchFrames(hashes.frames, found);
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
        ...(f.frame ? { frame: f.frame } : {}),
        ...(f.video ? { video: f.video } : {}),
      });
    }
    return hits.sort((a, b) => a.distance - b.distance || a.entryKey - b.entryKey);
  }

  /** A video: against the video banks by the vPDQ rule, then each distinct frame against the image banks. */
  private matchFrames(frames: readonly VpdqFrame[], found: Map<number, Found>): void {
    for (const h of this.indexes.vpdq.match(frames, this.options.video)) {
      // The share of the banked video not found, as a distance: 0 when all of it was.
      const distance = Number((100 - h.comparedMatchPercent).toFixed(2));
      found.set(h.key, {
        distance,
        variant: 0,
        hashType: 'vpdq',
        video: { queryMatchPercent: h.queryMatchPercent, comparedMatchPercent: h.comparedMatchPercent },
      });
    }
    if (this.pdq.size === 0) return;
    const maxDistance = this.options.maxDistance !== undefined ? { maxDistance: this.options.maxDistance } : {};
    for (const f of distinctFrames(frames)) {
      for (const m of matchPdq(this.pdq, { hash: f.hash, quality: f.quality }, maxDistance).matches) {
        const seen = found.get(m.key);
        if (seen && seen.distance <= m.distance) continue;
        found.set(m.key, { distance: m.distance, variant: 0, hashType: 'pdq', frame: { frameNumber: f.frameNumber ?? null, timestamp: f.timestamp ?? null } });
      }
    }
  }

  /** Writes the PDQ index for the next start (of this process or another); skipped when nothing changed since the last one. */
  async saveSnapshot(): Promise<void> {
    const path = this.options.snapshotPath;
    if (!path || this.snapshotVersion === this.seenVersion) return;
    await mkdir(dirname(path), { recursive: true });
    const meta: SnapshotMeta = { version: 2, banksVersion: this.seenVersion, pdqLive: this.pdq.size };
    const tmp = `${path}.tmp`;
    await writeFile(tmp, Buffer.concat(encodePdqSnapshot(this.pdq)));
    await rename(tmp, path);
    await writeFile(`${path}.json`, JSON.stringify(meta));
    this.snapshotVersion = meta.banksVersion;
  }

  private reset(): void {
    this.indexes = createIndexes();
    this.held = new KeySet();
  }

  private addEntry(e: StoredEntry): void {
    const bank = this.banks.get(e.bankId);
    if (!bank || !this.held.add(e.key)) return;
    this.indexes[bank.hashType].add({ hash: e.hash, ...(e.value ? { value: e.value } : {}) }, e.key);
  }

  private removeEntry(e: StoredEntry): void {
    const bank = this.banks.get(e.bankId);
    if (!bank || !this.held.delete(e.key)) return;
    this.indexes[bank.hashType].remove({ hash: e.hash }, e.key);
  }

  private async livePdqEntries(): Promise<number> {
    const row = await this.store.db
      .selectFrom('bank_entries')
      .innerJoin('banks', 'banks.id', 'bank_entries.bank_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('banks.hash_type', '=', 'pdq')
      .where('bank_entries.removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async loadBanks(): Promise<void> {
    this.banks = new Map((await listBanks(this.store)).map((b) => [b.id, b]));
  }

  /** The snapshot's PDQ index, with its keys marked held; undefined when there is none or it is unreadable. */
  private async tryLoadSnapshot(): Promise<SnapshotMeta | undefined> {
    const path = this.options.snapshotPath;
    if (!path) return undefined;
    let meta: SnapshotMeta;
    let bytes: Buffer;
    try {
      meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as SnapshotMeta;
      bytes = await readFile(path);
    } catch {
      return undefined;
    }
    // Version 1 snapshots were dated by keys and clock times, which could miss changes.
    if (meta.version !== 2) return undefined;
    let index: PdqIndex;
    try {
      index = decodePdqSnapshot(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch {
      return undefined;
    }
    if (index.size !== meta.pdqLive) return undefined;
    this.reset();
    this.indexes.pdq = new PdqBankIndex(index);
    const { keys, alive } = index.exportState();
    for (let i = 0; i < keys.length; i++) if (alive[i] === 1) this.held.add(keys[i]!);
    this.snapshotVersion = meta.banksVersion;
    return meta;
  }
}
