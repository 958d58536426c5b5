// The ban-evasion block registry: keyed hashes of suspended accounts' identifiers in the
// database (store/block-registry-rows.ts), and a copy of the live ones in memory so that a
// signup check is a few map lookups with no database round trip.
//
// The memory copy follows the table through its version counter: a write bumps the counter
// in its transaction and stamps its rows; `refresh()` reads rows past the last version
// seen. Writers serialise on the counter row, so versions become visible in order and
// nothing committed is skipped. A write made through this object refreshes once its unit
// of work has committed (onCommit), so this process sees its own writes at once and a
// rolled-back write never reaches memory. Other processes' writes arrive with the periodic
// refresh (background/).
import type { Store, UnitOfWork } from '../../store/store.js';
import {
  deleteExpiredIpRows,
  liftRegistryRows,
  readRegistryChanges,
  recordSecretFingerprint,
  upsertRegistryRows,
  type RegistryRow,
} from '../../store/block-registry-rows.js';
import { KeyedHasher } from '../../enforcement/keyed-hash.js';
import {
  canonicalIdentifiers,
  type CanonicalOptions,
  type IdentifierKind,
  type IdentifierStrength,
  type PlatformIdentifiers,
} from '../../enforcement/identifiers.js';
import type { RegistryMatch } from '../../enforcement/ban-evasion.js';
import { platformOf } from '../../moderation/platform-ids.js';

const DAY_MS = 24 * 60 * 60 * 1000;

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
  /** The platform the suspended account was on: a platform's registry is its own. */
  platform: string;
  kind: IdentifierKind;
  strength: IdentifierStrength;
  /** Epoch ms; Infinity for kinds that do not expire. */
  expiresAt: number;
}

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
    const recorded = await recordSecretFingerprint(store, fingerprint);
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

  /**
   * The entries of `platform`'s suspended accounts that these identifiers hit, one per
   * (suspended account, kind). Synchronous: safe inside a transaction. Platforms served by
   * one vigie do not see each other's registry: an identifier is personal data that a
   * platform shared for its own enforcement.
   */
  match(ids: PlatformIdentifiers, now: Date, platform: string): RegistryMatch[] {
    if (this.count === 0) return [];
    const t = now.getTime();
    const found = new Map<string, RegistryMatch>();
    for (const c of canonicalIdentifiers(ids, this.options.canonical)) {
      const entries = this.live.get(this.hasher.hash(c.kind, c.value));
      if (!entries) continue;
      for (const e of entries) {
        if (e.expiresAt <= t || e.platform !== platform) continue;
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
  async blockAccountIdentifiers(w: UnitOfWork, accountId: string, ids: PlatformIdentifiers, at: string): Promise<BlockResult> {
    const canonical = canonicalIdentifiers(ids, this.options.canonical);
    if (canonical.length === 0) return { entries: 0, kinds: [] };
    const ipExpiry = new Date(Date.parse(at) + this.ipTtlMs).toISOString();
    const rows = canonical.map((c) => ({
      account_id: accountId,
      key_hash: this.hasher.hash(c.kind, c.value),
      kind: c.kind,
      strength: c.strength,
      expires_at: c.kind === 'ip' ? ipExpiry : null,
      created_at: at,
      lifted_at: null,
    }));
    await upsertRegistryRows(w.tx, rows);
    this.refreshAfterCommit(w);
    return { entries: rows.length, kinds: [...new Set(canonical.map((c) => c.kind))] };
  }

  /** Takes an account's identifiers off the registry (a successful appeal), in the caller's transaction. */
  async liftAccountIdentifiers(w: UnitOfWork, accountId: string, at: string): Promise<number> {
    const lifted = await liftRegistryRows(w.tx, accountId, at);
    this.refreshAfterCommit(w);
    return lifted;
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

  private refreshAfterCommit(w: UnitOfWork): void {
    // Effects run as soon as the commit is durable, before the writer's caller goes on, so
    // settled() called next already waits for this refresh; a rollback owes none.
    w.onCommit(() => {
      this.requested++;
      void this.refresh().catch(() => undefined);
    });
  }

  /**
   * Deletes the IP entries that expired before `now`. An IP address is a weak, short-lived
   * signal about a person; once its entry no longer blocks anything, keeping even its keyed
   * hash serves no purpose (data minimisation). The block itself stays in the moderation
   * log, which records the kinds blocked, never the values. Memory needs nothing: expired
   * entries never match, and the sweep here drops them.
   */
  async purgeExpired(now: Date): Promise<number> {
    const deleted = await deleteExpiredIpRows(this.store, now);
    this.sweep(now);
    return deleted;
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
    this.seen = await readRegistryChanges(this.store, this.seen, (r) => this.apply(r));
  }

  private apply(r: RegistryRow): void {
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
      platform: platformOf(r.account_id),
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
