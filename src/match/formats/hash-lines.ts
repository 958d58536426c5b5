// The plainest list format: one hash per line (for vPDQ, one video's frame list). Blank lines and lines starting with
// "#" are ignored; surrounding spaces and a trailing \r are trimmed. This is the form of
// upstream's PDQ regression lists and of many shared MD5 lists.

import { EntryFolder, checkHash, entryOf, type BankEntry, type HashType, type ImportResult } from '../bank.js';

export function parseHashLines(text: string, hashType: HashType): ImportResult {
  const folder = new EntryFolder();
  const issues: ImportResult['issues'] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const checked = checkHash(hashType, raw);
    if (checked.ok) folder.add(entryOf(checked));
    else issues.push({ line: i + 1, message: checked.reason });
  }
  return { entries: folder.entries(), issues, duplicates: folder.duplicates };
}

export function serialiseHashLines(entries: readonly BankEntry[]): string {
  return entries.map((e) => `${e.value ?? e.hash}\n`).join('');
}
