// Adding entries to a bank, and taking them off. A hash already in the bank is left as it
// is (or revived if it was removed); every import and removal is an event in the log saying
// how many hashes were offered, added and already present.
import type { Store } from '../../store/store.js';
import { nextVersion } from '../../store/change-counters.js';
import {
  entriesWithHashes,
  insertEntries,
  liveEntriesWithHashes,
  markEntriesRemoved,
  reviveEntry,
  touchBank,
  type BankInfo,
  type StoredEntry,
} from '../../store/bank-store.js';
import type { BankEntry } from '../../match/bank.js';
import type { Actor } from '../../moderation/events.js';

export interface ImportSummary {
  added: StoredEntry[];
  /** Entries already in the bank (same hash): kept as they were. */
  unchanged: number;
}

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
    // Every added or revived row carries this import's version, for other processes' indexes.
    // Taken first: the counter row's lock makes a concurrent import of the same hashes wait,
    // then read what it added instead of inserting it a second time.
    const version = await nextVersion(w.tx, 'bank_state');
    const existing = await entriesWithHashes(
      w.tx,
      bank.id,
      entries.map((e) => e.hash),
      options.onProgress,
    );
    const fresh = entries.filter((e) => !existing.has(e.hash));
    const revived = entries.filter((e) => existing.get(e.hash)?.removed);
    await insertEntries(w.tx, w.dialect, bank.id, fresh, at, version);
    for (const e of revived) await reviveEntry(w.tx, existing.get(e.hash)!.key, e.label ?? null, at, version);
    const added = await liveEntriesWithHashes(
      w.tx,
      bank.id,
      [...fresh, ...revived].map((e) => e.hash),
    );
    await touchBank(w.tx, bank.id, at, listVersion);
    const unchanged = entries.length - added.length;
    await w.append([
      {
        type: 'bank.imported',
        subject: { kind: 'bank', id: bank.id },
        actor,
        at,
        reason: null,
        payload: { bank: bank.name, offered: entries.length, added: added.length, unchanged, listVersion: listVersion ?? bank.listVersion },
      },
    ]);
    return { added, unchanged };
  });
}

/** Takes live entries off a bank; returns their keys. Nothing removed, nothing logged. */
export async function removeEntries(store: Store, bank: BankInfo, hashes: readonly string[], actor: Actor, at: string): Promise<number[]> {
  return store.write(async (w) => {
    const keys = await markEntriesRemoved(w.tx, bank.id, hashes, at, await nextVersion(w.tx, 'bank_state'));
    if (keys.length > 0) {
      await w.append([
        { type: 'bank.entries_removed', subject: { kind: 'bank', id: bank.id }, actor, at, reason: null, payload: { bank: bank.name, removed: keys.length } },
      ]);
    }
    return keys;
  });
}
