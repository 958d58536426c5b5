// vigie's own bank CSV. A header row is required; columns are found by name, in any
// order:
//   hash         required, a value of the bank's hash type (hex case-insensitive; stored lowercase)
//   label        optional, e.g. an NCMEC classification (A1, A2, B1, B2) or free text
//   source_id    optional, the source's own id for the entry
//   contributor  optional, who contributed it at the source
// Any other column is kept per entry under its header name (BankEntry.extra) and written
// back on export. Fields follow RFC 4180 (double quotes, "" escapes). A bad line is
// reported with its line number and skipped; repeated hashes are folded into one entry.

import { EntryFolder, checkHash, entryOf, type BankEntry, type HashType, type ImportResult } from '../bank.js';
import { readCsv, writeCsvRow } from './csv-records.js';

const KNOWN = ['hash', 'label', 'source_id', 'contributor'] as const;

export function parseBankCsv(text: string, hashType: HashType): ImportResult {
  const { records, problems } = readCsv(text);
  const issues: ImportResult['issues'] = problems.map((p) => ({ line: p.line, message: `malformed CSV: ${p.message}` }));
  const folder = new EntryFolder();
  const header = records[0];
  if (!header) {
    issues.push({ line: 1, message: 'no header row: the first line must name the columns (hash,label,...)' });
    return { entries: [], issues, duplicates: 0 };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      issues.push({ line: header.line, message: `column ${JSON.stringify(name)} appears twice in the header` });
      return { entries: [], issues, duplicates: 0 };
    }
    seen.add(name);
  }
  const hashCol = names.indexOf('hash');
  if (hashCol < 0) {
    issues.push({ line: header.line, message: `the header has no "hash" column (found: ${names.join(', ')})` });
    return { entries: [], issues, duplicates: 0 };
  }
  const col = (name: string): number => names.indexOf(name);
  for (const record of records.slice(1)) {
    if (record.fields.length !== names.length) {
      issues.push({ line: record.line, message: `expected ${names.length} fields as in the header, got ${record.fields.length}` });
      continue;
    }
    const checked = checkHash(hashType, record.fields[hashCol]!);
    if (!checked.ok) {
      issues.push({ line: record.line, message: checked.reason });
      continue;
    }
    const entry: BankEntry = entryOf(checked);
    const get = (name: string): string | undefined => {
      const i = col(name);
      const v = i >= 0 ? record.fields[i]!.trim() : '';
      return v === '' ? undefined : v;
    };
    const label = get('label');
    if (label !== undefined) entry.label = label;
    const sourceId = get('source_id');
    if (sourceId !== undefined) entry.sourceId = sourceId;
    const contributor = get('contributor');
    if (contributor !== undefined) entry.contributor = contributor;
    names.forEach((name, i) => {
      if ((KNOWN as readonly string[]).includes(name) || record.fields[i] === '') return;
      (entry.extra ??= {})[name] = record.fields[i]!;
    });
    folder.add(entry);
  }
  return { entries: folder.entries(), issues, duplicates: folder.duplicates };
}

export function serialiseBankCsv(entries: readonly BankEntry[]): string {
  const extraNames = [...new Set(entries.flatMap((e) => Object.keys(e.extra ?? {})))].sort();
  let out = writeCsvRow([...KNOWN, ...extraNames]);
  for (const e of entries) {
    out += writeCsvRow([e.value ?? e.hash, e.label ?? '', e.sourceId ?? '', e.contributor ?? '', ...extraNames.map((n) => e.extra?.[n] ?? '')]);
  }
  return out;
}
