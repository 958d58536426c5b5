// Looking banks up: by name (for an import, an export or a scan), or all of them with how
// many live entries each holds (for `vigie bank list`).
import type { Store } from '../../store/store.js';
import { findBank as bankNamed, listBanks as bankRows, type BankInfo } from '../../store/bank-store.js';
import { notFound } from '../errors.js';

export type { BankInfo };

export async function findBank(store: Store, name: string): Promise<BankInfo | null> {
  return bankNamed(store, name);
}

/** The bank named so, or a not-found service error. */
export async function requireBank(store: Store, name: string): Promise<BankInfo> {
  const bank = await bankNamed(store, name);
  if (!bank) throw notFound(`no bank named ${name}`);
  return bank;
}

export async function listBanks(store: Store): Promise<(BankInfo & { entries: number })[]> {
  return bankRows(store);
}
