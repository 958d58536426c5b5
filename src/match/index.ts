// Public surface of src/match for the store, the workers and the CLI.
//
// Banks are values (bank.ts); formats parse text into entries with line-numbered issues
// and serialise them back; PdqIndex answers range queries over uint32 keys that the
// caller assigns (e.g. the store's entry row ids) and survives restarts through
// pdq-snapshot.ts; ExactHashIndex does MD5/SHA-1/SHA-256; matchPdq applies the quality
// gate, the radius policy and dihedral variants. The NCMEC client is the one edge here.

export * from './bank.js';
export { parseHashLines, serialiseHashLines } from './formats/hash-lines.js';
export { parseBankCsv, serialiseBankCsv } from './formats/bank-csv.js';
export { parseThreatExchangeCsv, serialiseThreatExchangeCsv, THREATEXCHANGE_COLUMNS } from './formats/threatexchange-csv.js';
export { isPdqHex, normalisePdqHex, pdqHexDistance, pdqHexToWords, pdqWordsToHex } from './pdq-value.js';
export { PdqIndex, type PdqIndexOptions, type PdqMatch, type PdqMatchSink } from './pdq-index.js';
export { encodePdqSnapshot, decodePdqSnapshot, SnapshotError, PDQ_SNAPSHOT_VERSION } from './pdq-snapshot.js';
export { ExactHashIndex } from './exact-index.js';
export { HASH_TYPE_DEFS, hashTypeDef } from './hash-types/registry.js';
export type { HashTypeDef, HashTypeIndex, HashValue, HashComparison } from './hash-types/hash-type.js';
export { PdqBankIndex } from './hash-types/pdq.js';
export * from './hash-types/vpdq/index.js';
export { printfFixed } from './printf-fixed.js';
export {
  matchPdq,
  DEFAULT_PDQ_MAX_DISTANCE,
  MAX_PDQ_MAX_DISTANCE,
  MIN_PDQ_QUALITY,
  type PdqQuery,
  type PdqMatchResult,
  type PdqMatchOutcome,
} from './pdq-matcher.js';
export { NcmecHashSharingClient, NcmecHttpError, ncmecEntriesInRange, NCMEC_ENVIRONMENTS, type NcmecHashSharing } from './ncmec/hash-sharing-client.js';
export { ncmecBankChanges, ncmecSourceId, type NcmecEntryUpdate, type NcmecEntriesPage } from './ncmec/entries.js';

import type { BankEntry, HashType, ImportResult } from './bank.js';
import { parseHashLines, serialiseHashLines } from './formats/hash-lines.js';
import { parseBankCsv, serialiseBankCsv } from './formats/bank-csv.js';
import { parseThreatExchangeCsv, serialiseThreatExchangeCsv } from './formats/threatexchange-csv.js';

/** The list formats `vigie bank import|export` will take. */
export const BANK_FORMATS = ['lines', 'csv', 'threatexchange-csv'] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

export function parseBankList(format: BankFormat, text: string, hashType: HashType): ImportResult {
  switch (format) {
    case 'lines':
      return parseHashLines(text, hashType);
    case 'csv':
      return parseBankCsv(text, hashType);
    case 'threatexchange-csv':
      return parseThreatExchangeCsv(text, hashType);
  }
}

export function serialiseBankList(format: BankFormat, entries: readonly BankEntry[], hashType: HashType): string {
  switch (format) {
    case 'lines':
      return serialiseHashLines(entries);
    case 'csv':
      return serialiseBankCsv(entries);
    case 'threatexchange-csv':
      return serialiseThreatExchangeCsv(entries, hashType);
  }
}
