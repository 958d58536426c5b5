// The ban-evasion block registry: keyed hashes of suspended accounts' identifiers in the
// database, and a copy of the live ones in memory so that a signup check is a few map
// lookups with no database round trip.
//
// The memory copy follows the table through its version counter (migration 005): a write
// bumps the counter in its transaction and stamps its rows; `refresh()` reads rows past the
// last version seen. Writers serialise on the counter row, so versions become visible in
// order and nothing committed is skipped. A write made through this object schedules a
// refresh that waits for the write's transaction to end (SQLite: for the one connection;
// PostgreSQL: for the counter row's lock), so this process sees its own writes as soon as
// they commit, and a rolled-back write never reaches memory. Other processes' writes arrive
// with the periodic refresh.
import { sql } from 'kysely';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { Store, Writer } from './store.js';
import type { Tx } from './transaction.js';
import type { BlockRegistryTable } from './database.js';
import { loadServerSecret } from './server-secret.js';
import { KeyedHasher } from '../enforcement/keyed-hash.js';
import { canonicalIdentifiers, type CanonicalOptions, type IdentifierKind, type IdentifierStrength, type PlatformIdentifiers } from '../enforcement/identifiers.js';
import type { RegistryMatch } from '../enforcement/ban-evasion.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 5000;
/** Rows per insert statement: one account sends at most a few hundred identifiers. */
const INSERT_CHUNK = 500;

export interface BlockRegistryOptions {
  canonical?: CanonicalOptions;
  /** How long an IP address stays on the registry after the suspension (default 30 days). */
  ipTtlMs?: number;
}

export interface BlockResult {
  /** Entries written (new or revived); the values themselves are never returned. */
  entries: number;
  kinds: IdentifierKind[];
}

interface LiveEntry {
  accountId: string;
  kind: IdentifierKind;
  strength: IdentifierStrength;
  /** Epoch ms; Infinity for kinds that do not expire. */
  expiresAt: number;
}

type Row = Pick<BlockRegistryTable, 'account_id' | 'key_hash' | 'kind' | 'strength' | 'expires_at' | 'lifted_at' | 'version'>;

export class BlockRegistry {
  private readonly live = new Map<string, LiveEntry[]>();
  private count = 0;
  private seen = 0;
  private inflight: Promise<void> | null = null;
  private again = false;
  /** Writes made through this object, and how many of them memory already reflects. */
  private requested = 0;
  private applied = 0;
  private readonly ipTtlMs: number;

  private constructor(
    private readonly store: Store,
    private readonly hasher: KeyedHasher,
    private readonly options: BlockRegistryOptions,
  ) {
    this.ipTtlMs = options.ipTtlMs ?? 30 * DAY_MS;
  }

  /**
   * Checks the secret against the one the registry was written with, then loads the live
   * entries. A different secret would make every entry silently unmatchable, so it is refused.
   */
  static async open(store: Store, secret: Buffer, options: BlockRegistryOptions = {}): Promise<BlockRegistry> {
    const hasher = new KeyedHasher(secret);
    const fingerprint = hasher.fingerprint();
    const recorded = await store.write(async (w) => {
      await w.tx.updateTable('block_registry_state').set({ secret_fingerprint: fingerprint }).where('id', '=', 1).where('secret_fingerprint', 'is', null).execute();
      const row = await w.tx.selectFrom('block_registry_state').select('secret_fingerprint').where('id', '=', 1).executeTakeFirstOrThrow();
      return row.secret_fingerprint;
    });
    if (recorded !== fingerprint) {
      throw new Error(
        'the server secret differs from the one the block registry was written with: every node must use the same VIGIE_SERVER_SECRET (or keys/server.key); restore the original from backup',
      );
    }
    const registry = new BlockRegistry(store, hasher, options);
    await registry.refresh();
    return registry;
  }

  /** Live entries in memory (expired IP entries count until the next sweep). */
  get size(): number {
    return this.count;
  }

  /** The registry's entries that these identifiers hit, one per (suspended account, kind). Synchronous: safe inside a transaction. */
  match(ids: PlatformIdentifiers, now: Date): RegistryMatch[] {
    if (this.count === 0) return [];
    const t = now.getTime();
    const found = new Map<string, RegistryMatch>();
    for (const c of canonicalIdentifiers(ids, this.options.canonical)) {
      const entries = this.live.get(this.hasher.hash(c.kind, c.value));
      if (!entries) continue;
      for (const e of entries) {
        if (e.expiresAt <= t) continue;
        const strength: IdentifierStrength = e.strength === 'strong' && c.strength === 'strong' ? 'strong' : 'weak';
        const key = `${e.accountId}\u0000${e.kind}`;
        const seen = found.get(key);
        if (!seen) found.set(key, { kind: e.kind, strength, accountId: e.accountId });
        else if (strength === 'strong') seen.strength = 'strong';
      }
    }
    return [...found.values()];
  }

  /**
   * Puts a suspended account's identifiers on the registry, in the caller's transaction
   * (the suspension's), so that both commit or neither does. Blocking again revives lifted
   * entries and restarts the IP expiry.
   */
  async blockAccountIdentifiers(w: Writer, accountId: string, ids: PlatformIdentifiers, at: string): Promise<BlockResult> {
    const canonical = canonicalIdentifiers(ids, this.options.canonical);
    if (canonical.length === 0) return { entries: 0, kinds: [] };
    const version = await bumpVersion(w.tx);
    const ipExpiry = new Date(Date.parse(at) + this.ipTtlMs).toISOString();
    const rows = canonical.map((c) => ({
      account_id: accountId,
      key_hash: this.hasher.hash(c.kind, c.value),
      kind: c.kind,
      strength: c.strength,
      expires_at: c.kind === 'ip' ? ipExpiry : null,
      created_at: at,
      lifted_at: null,
      version,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await w.tx
        .insertInto('block_registry')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) =>
          oc.columns(['account_id', 'key_hash']).doUpdateSet((eb) => ({
            strength: eb.ref('excluded.strength'),
            expires_at: eb.ref('excluded.expires_at'),
            lifted_at: null,
            version: eb.ref('excluded.version'),
          })),
        )
        .execute();
    }
    this.refreshAfterWrite();
    return { entries: rows.length, kinds: [...new Set(canonical.map((c) => c.kind))] };
  }

  /** Takes an account's identifiers off the registry (a successful appeal), in the caller's transaction. */
  async liftAccountIdentifiers(w: Writer, accountId: string, at: string): Promise<number> {
    const version = await bumpVersion(w.tx);
    const result = await w.tx
      .updateTable('block_registry')
      .set({ lifted_at: at, version })
      .where('account_id', '=', accountId)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    this.refreshAfterWrite();
    return Number(result.numUpdatedRows);
  }

  /**
   * Brings memory up to date with the table. Calls while one runs join it and cause one
   * more pass, so a write that committed during a pass is never missed.
   */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          const target = this.requested;
          await this.catchUp();
          this.applied = Math.max(this.applied, target);
        } while (this.again);
      } finally {
        this.inflight = null;
      }
    })();
    this.inflight = run;
    return run;
  }

  /**
   * Resolves once writes this process made have reached memory (or their refresh failed);
   * a periodic refresh alone never makes it wait. Never call it inside a transaction: on
   * SQLite the refresh it waits for needs the connection that transaction holds.
   */
  async settled(): Promise<void> {
    while (this.applied < this.requested && this.inflight) await this.inflight.catch(() => undefined);
  }

  private refreshAfterWrite(): void {
    this.requested++;
    // Started now, inside the writer's transaction: its first query waits for that
    // transaction to end (see the top of this file), so nothing uncommitted is read.
    void this.refresh().catch(() => undefined);
  }

  /**
   * Deletes the IP entries that expired before `now`. An IP address is a weak, short-lived
   * signal about a person; once its entry no longer blocks anything, keeping even its keyed
   * hash serves no purpose (data minimisation). The block itself stays in the moderation
   * log, which records the kinds blocked, never the values. Memory needs nothing: expired
   * entries never match, and the sweep here drops them.
   */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.store.transaction((tx) =>
      tx.deleteFrom('block_registry').where('kind', '=', 'ip').where('expires_at', 'is not', null).where('expires_at', '<', now.toISOString()).executeTakeFirst(),
    );
    this.sweep(now);
    return Number(result.numDeletedRows);
  }

  /** Drops expired entries from memory (they already never match); purgeExpired() deletes their rows. */
  sweep(now: Date): number {
    const t = now.getTime();
    let dropped = 0;
    for (const [hash, entries] of this.live) {
      const kept = entries.filter((e) => e.expiresAt > t);
      if (kept.length === entries.length) continue;
      dropped += entries.length - kept.length;
      if (kept.length === 0) this.live.delete(hash);
      else this.live.set(hash, kept);
    }
    this.count -= dropped;
    return dropped;
  }

  private async catchUp(): Promise<void> {
    if (this.store.dialect === 'postgres') {
      // The share lock waits for any transaction holding the counter row (a block or a lift
      // in flight) to end; the reads after it, in fresh snapshots, then see what it wrote.
      await this.store.db.transaction().execute(async (tx) => {
        await sql`select version from block_registry_state where id = 1 for share`.execute(tx);
        await this.readChanges(tx);
      });
    } else {
      await this.readChanges(this.store.db);
    }
  }

  private async readChanges(tx: Tx): Promise<void> {
    let after: Row | null = null;
    let top = this.seen;
    for (;;) {
      let q = tx.selectFrom('block_registry').select(['account_id', 'key_hash', 'kind', 'strength', 'expires_at', 'lifted_at', 'version']);
      if (after) {
        const a: Row = after;
        q = q.where((eb) => eb(eb.refTuple('version', 'account_id', 'key_hash'), '>', eb.tuple(a.version, a.account_id, a.key_hash)));
      } else {
        q = q.where('version', '>', this.seen);
      }
      const rows = await q.orderBy('version').orderBy('account_id').orderBy('key_hash').limit(PAGE).execute();
      for (const r of rows) this.apply(r);
      if (rows.length > 0) {
        after = rows[rows.length - 1]!;
        top = Math.max(top, Number(after.version));
      }
      if (rows.length < PAGE) break;
    }
    this.seen = top;
  }

  private apply(r: Row): void {
    const entries = this.live.get(r.key_hash);
    if (entries) {
      const i = entries.findIndex((e) => e.accountId === r.account_id);
      if (i >= 0) {
        entries.splice(i, 1);
        this.count--;
        if (entries.length === 0) this.live.delete(r.key_hash);
      }
    }
    if (r.lifted_at !== null) return;
    const entry: LiveEntry = {
      accountId: r.account_id,
      kind: r.kind as IdentifierKind,
      strength: r.strength === 'strong' ? 'strong' : 'weak',
      expiresAt: r.expires_at === null ? Infinity : Date.parse(r.expires_at),
    };
    const list = this.live.get(r.key_hash);
    if (list) list.push(entry);
    else this.live.set(r.key_hash, [entry]);
    this.count++;
  }
}

async function bumpVersion(tx: Tx): Promise<number> {
  const row = await tx
    .updateTable('block_registry_state')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Registry settings from the environment (documented in docs/ban-evasion.md). */
export function blockRegistryOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BlockRegistryOptions {
  const options: BlockRegistryOptions = { canonical: {} };
  const days = env.VIGIE_BLOCK_IP_DAYS;
  if (days !== undefined && days !== '') {
    const n = Number(days);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`VIGIE_BLOCK_IP_DAYS must be a positive number of days, got "${days}"`);
    options.ipTtlMs = n * DAY_MS;
  }
  const region = env.VIGIE_PHONE_REGION;
  if (region !== undefined && region !== '') {
    const upper = region.toUpperCase();
    if (!isSupportedCountry(upper)) throw new Error(`VIGIE_PHONE_REGION must be a two-letter region code, got "${region}"`);
    options.canonical!.defaultPhoneRegion = upper as CountryCode;
  }
  if (env.VIGIE_DEVICE_IDS_IGNORE_CASE === 'true') options.canonical!.deviceIdsIgnoreCase = true;
  if (env.VIGIE_PAYMENT_IDS_IGNORE_CASE === 'true') options.canonical!.paymentIdsIgnoreCase = true;
  return options;
}

const shared = new WeakMap<Store, Promise<BlockRegistry>>();

/**
 * The one registry of a store in this process, opened on first use with the secret of
 * `dataDir` (or VIGIE_SERVER_SECRET). The signup route, the account route and enforcement
 * share it, so a write through any of them updates what the others match against.
 */
export function sharedBlockRegistry(store: Store, dataDir: string, options?: BlockRegistryOptions): Promise<BlockRegistry> {
  let opening = shared.get(store);
  if (!opening) {
    const pending = (async () => BlockRegistry.open(store, await loadServerSecret(dataDir), options ?? blockRegistryOptionsFromEnv()))();
    // A failed open (unreadable key, wrong secret) is retried by the next caller.
    pending.catch(() => {
      if (shared.get(store) === pending) shared.delete(store);
    });
    shared.set(store, pending);
    opening = pending;
  }
  return opening;
}
