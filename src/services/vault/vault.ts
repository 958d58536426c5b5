// What the vault's use cases need: the store (holds and the log), the two sealed trees
// (media, and the preserved snapshots of content items), the clock, and the default length
// of a hold.
import type { Store } from '../../store/store.js';
import type { VaultFiles } from '../../store/vault-files.js';

export interface VaultTrees {
  media: VaultFiles;
  snapshots: VaultFiles;
}

export interface VaultDeps {
  store: Store;
  vault: VaultTrees;
  now(): Date;
  /** A new hold's length when none is given (VIGIE_HOLD_DAYS, one year by default). */
  holdDays: number;
}

export const DAY_MS = 86_400_000;

/** The vault's dependencies from a process's services. */
export function vaultDepsOf(s: { store: Store; vault: VaultTrees; now(): Date; config: { vault: { holdDays: number } } }): VaultDeps {
  return { store: s.store, vault: s.vault, now: s.now, holdDays: s.config.vault.holdDays };
}
