// The CSV that python-threatexchange's CLI writes with `threatexchange dataset -P --csv`
// (facebook/ThreatExchange, python-threatexchange/threatexchange/cli/dataset_cmd.py),
// the form HMA deployments use to hand lists around. Header, in this order:
//   signal_type,signal_str,collab,category,tags
// signal_type is the signal's name ("pdq", "video_md5", ...), signal_str the hash,
// collab the collaboration it came from, category the aggregate opinion (TRUE_POSITIVE,
// WORTH_INVESTIGATING, FALSE_POSITIVE in current versions; older ones wrote other names,
// so any value is kept as is), tags a space-separated list.
// Mapping: collab -> contributor, tags -> label (tags joined by "; "), category -> extra.
// Rows of another signal type than the bank's are reported and skipped.

import { EntryFolder, checkHash, type BankEntry, type HashType, type ImportResult } from '../bank.js';
import { hashTypeDef } from '../hash-types/registry.js';
import { readCsv, writeCsvRow } from './csv-records.js';

export const THREATEXCHANGE_COLUMNS = ['signal_type', 'signal_str', 'collab', 'category', 'tags'] as const;

export function parseThreatExchangeCsv(text: string, hashType: HashType): ImportResult {
  const { records, problems } = readCsv(text);
  const issues: ImportResult['issues'] = problems.map((p) => ({ line: p.line, message: `malformed CSV: ${p.message}` }));
  const folder = new EntryFolder();
  const header = records[0];
  const expected = THREATEXCHANGE_COLUMNS.join(',');
  if (!header || header.fields.map((f) => f.trim()).join(',') !== expected) {
    issues.push({ line: header?.line ?? 1, message: `the header must be exactly "${expected}"` });
    return { entries: [], issues, duplicates: 0 };
  }
  const accepted = hashTypeDef(hashType).threatExchangeNames;
  if (accepted.length === 0) {
    issues.push({ line: header.line, message: `ThreatExchange CSV has no signal type for ${hashType} hashes` });
    return { entries: [], issues, duplicates: 0 };
  }
  for (const record of records.slice(1)) {
    if (record.fields.length !== THREATEXCHANGE_COLUMNS.length) {
      issues.push({ line: record.line, message: `expected 5 fields, got ${record.fields.length}` });
      continue;
    }
    const [signalType, signal, collab, category, tags] = record.fields.map((f) => f.trim()) as [string, string, string, string, string];
    if (!accepted.includes(signalType)) {
      issues.push({ line: record.line, message: `signal type ${JSON.stringify(signalType)} is not a ${hashType} hash; skipped` });
      continue;
    }
    const checked = checkHash(hashType, signal);
    if (!checked.ok) {
      issues.push({ line: record.line, message: checked.reason });
      continue;
    }
    const entry: BankEntry = { hash: checked.hash };
    const tagList = tags.split(/\s+/).filter(Boolean);
    if (tagList.length > 0) entry.label = tagList.join('; ');
    if (collab) entry.contributor = collab;
    const extra: Record<string, string> = {};
    if (category) extra.category = category;
    if (signalType !== accepted[0]) extra.signal_type = signalType;
    if (Object.keys(extra).length > 0) entry.extra = extra;
    folder.add(entry);
  }
  return { entries: folder.entries(), issues, duplicates: folder.duplicates };
}

/** Writes entries as python-threatexchange's dataset CSV; throws for types it cannot name. */
export function serialiseThreatExchangeCsv(entries: readonly BankEntry[], hashType: HashType): string {
  const names = hashTypeDef(hashType).threatExchangeNames;
  if (names.length === 0) throw new Error(`ThreatExchange CSV has no signal type for ${hashType} hashes`);
  let out = writeCsvRow(THREATEXCHANGE_COLUMNS);
  for (const e of entries) {
    const tags = (e.label ?? '')
      .split('; ')
      .map((t) => t.trim().replace(/\s+/g, '_'))
      .filter(Boolean);
    out += writeCsvRow([e.extra?.signal_type ?? names[0]!, e.hash, e.contributor ?? '', e.extra?.category ?? 'TRUE_POSITIVE', tags.join(' ')]);
  }
  return out;
}
