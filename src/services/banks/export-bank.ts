// Exporting a bank's live entries as a list in one of the import formats, so that a list
// can be moved between vigie installations or shared back with its source.
import type { Store } from '../../store/store.js';
import { bankEntries } from '../../store/bank-store.js';
import { serialiseBankList, type BankEntry, type BankFormat } from '../../match/index.js';
import { requireBank } from './find-bank.js';

/** Throws a not-found service error when there is no bank of that name. */
export async function exportBank(store: Store, name: string, format: BankFormat): Promise<string> {
  const bank = await requireBank(store, name);
  const entries: BankEntry[] = [];
  for await (const e of bankEntries(store, bank.id)) {
    entries.push({
      hash: e.hash,
      ...(e.value ? { value: e.value } : {}),
      ...(e.label !== null ? { label: e.label } : {}),
      ...(e.sourceId !== null ? { sourceId: e.sourceId } : {}),
      ...(e.contributor !== null ? { contributor: e.contributor } : {}),
      ...(e.extra ? { extra: e.extra } : {}),
    });
  }
  return serialiseBankList(format, entries, bank.hashType);
}
