// Importing a hash list file into a bank, as `vigie bank import` does: the bank is found or
// created, a list of another hash type refused, the list parsed in its format and its
// entries imported. The caller reads the file and reports progress through the hooks.
import type { Store } from '../../store/store.js';
import { findBank, type BankInfo } from '../../store/bank-store.js';
import { parseBankList, type BankFormat } from '../../match/index.js';
import type { HashType, ImportResult } from '../../match/bank.js';
import type { Actor } from '../../moderation/events.js';
import { conflict } from '../errors.js';
import { createBank } from './create-bank.js';
import { importEntries, type ImportSummary } from './import-entries.js';

export interface BankListImport {
  name: string;
  /** The bank's hash type when it is created (pdq when left out); checked against an existing bank when given. */
  hashType?: HashType | undefined;
  source: string;
  listVersion?: string | undefined;
  listDate?: string | undefined;
  verified: boolean;
  format: BankFormat;
  text: string;
}

export interface BankListImportHooks {
  onBankCreated?(bank: BankInfo): void;
  /** Before the list is parsed (parsing is synchronous and has no progress of its own). */
  onParsing?(): void;
  onParsed?(parsed: ImportResult, bank: BankInfo): void;
  onProgress?(entriesDone: number): void;
}

export interface BankListImported {
  bank: BankInfo;
  created: boolean;
  parsed: ImportResult;
  summary: ImportSummary;
}

/** Throws a conflict service error when the bank exists with another hash type. */
export async function importBankList(
  store: Store,
  input: BankListImport,
  actor: Actor,
  at: string,
  hooks: BankListImportHooks = {},
): Promise<BankListImported> {
  let bank = await findBank(store, input.name);
  const created = !bank;
  if (!bank) {
    bank = await createBank(
      store,
      {
        name: input.name,
        hashType: input.hashType ?? 'pdq',
        source: input.source,
        listVersion: input.listVersion ?? null,
        listDate: input.listDate ?? null,
        verified: input.verified,
      },
      actor,
      at,
    );
    hooks.onBankCreated?.(bank);
  }
  // Checked after a creation too: another process may have created the bank first, with another type.
  if (input.hashType !== undefined && bank.hashType !== input.hashType) {
    throw conflict(`bank ${bank.name} holds ${bank.hashType} hashes, not ${input.hashType}`);
  }
  hooks.onParsing?.();
  const parsed = parseBankList(input.format, input.text, bank.hashType);
  hooks.onParsed?.(parsed, bank);
  const summary = await importEntries(store, bank, parsed.entries, actor, at, input.listVersion, {
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  });
  return { bank, created, parsed, summary };
}
