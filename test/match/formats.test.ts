import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseHashLines, serialiseHashLines } from '../../src/match/formats/hash-lines.js';
import { parseBankCsv, serialiseBankCsv } from '../../src/match/formats/bank-csv.js';
import { parseThreatExchangeCsv, serialiseThreatExchangeCsv } from '../../src/match/formats/threatexchange-csv.js';
import { readCsv, writeCsvRow } from '../../src/match/formats/csv-records.js';
import { makeBank, type BankEntry } from '../../src/match/bank.js';
import { skipWithoutShared, sharedPath } from '../support/shared.js';

const pdqA = 'f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95';
const pdqB = 'b062eb9d2ab170c0567fcb672d9a5548c5612982dd5e374a7424ebbc8b135cb5';
const md5A = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';

const hex = (len: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: len, maxLength: len });
const text = fc.string({ unit: fc.constantFrom(...'ab ,"\n\r;é1-_'), maxLength: 12 });
const entryArb = fc.record(
  {
    hash: hex(64),
    label: text.map((s) => s.trim()).filter((s) => s !== ''),
    sourceId: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    contributor: text.map((s) => s.trim()).filter((s) => s !== ''),
  },
  { requiredKeys: ['hash'] },
);

describe('one hash per line', () => {
  test('skips blank and comment lines, reports bad lines by number, folds duplicates', () => {
    const r = parseHashLines(`# list\n${pdqA}\n\n${pdqA.toUpperCase()}\r\nnot-a-hash\n${pdqB}\n${pdqA.slice(1)}\n`, 'pdq');
    assert.deepEqual(r.entries, [{ hash: pdqA }, { hash: pdqB }]);
    assert.equal(r.duplicates, 1);
    assert.deepEqual(
      r.issues.map((i) => i.line),
      [5, 7],
    );
    assert.match(r.issues[0]!.message, /64 hexadecimal characters/);
  });

  test('round trip', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hex(64), { maxLength: 30 }), (hashes) => {
        const entries = hashes.map((hash) => ({ hash }));
        const back = parseHashLines(serialiseHashLines(entries), 'pdq');
        assert.deepEqual(back, { entries, issues: [], duplicates: 0 });
      }),
    );
  });

  test('reads the upstream hash-list fixtures', { skip: skipWithoutShared() }, () => {
    const r = parseHashLines(readFileSync(sharedPath('fixtures/pdq/hash-lists/haystack.txt'), 'utf8'), 'pdq');
    assert.deepEqual(r.issues, []);
    assert.ok(r.entries.length > 1000);
    // The 64-bit lists are not PDQ: every line is reported, none kept.
    const short = parseHashLines(readFileSync(sharedPath('fixtures/pdq/hash-lists/short64.dat'), 'utf8'), 'pdq');
    assert.equal(short.entries.length, 0);
    assert.ok(short.issues.length > 0);
  });
});

describe('CSV records', () => {
  test('quoted fields, escaped quotes, embedded newlines, CRLF, and line numbers', () => {
    const { records, problems } = readCsv('a,b\r\n"x, y","he said ""hi"""\n"multi\nline",z\n\nlast,"open\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'he said "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
    ]);
    assert.deepEqual(problems, [{ line: 6, message: 'a quoted field is not closed' }]);
  });

  test('writer and reader agree', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { maxLength: 10 }), (rows) => {
        const nonEmpty = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        const { records, problems } = readCsv(nonEmpty.map(writeCsvRow).join(''));
        assert.deepEqual(problems, []);
        assert.deepEqual(
          records.map((r) => r.fields),
          nonEmpty,
        );
      }),
    );
  });
});

describe('vigie bank CSV', () => {
  test('columns by name, extra columns kept, bad lines reported with numbers', () => {
    const csv = [
      'note,HASH,label,source_id',
      `"first, with comma",${pdqA},A1,e-1`,
      `x,${pdqB.toUpperCase()},,`,
      `y,zz,A2,e-3`,
      `too,many,fields,here,!`,
      `z,${pdqA},B1,e-4`,
    ].join('\n');
    const r = parseBankCsv(csv, 'pdq');
    assert.deepEqual(r.entries, [
      { hash: pdqA, label: 'A1; B1', sourceId: 'e-1', extra: { note: 'first, with comma' } },
      { hash: pdqB, extra: { note: 'x' } },
    ]);
    assert.equal(r.duplicates, 1);
    assert.deepEqual(
      r.issues.map((i) => i.line),
      [4, 5],
    );
  });

  test('a header is required', () => {
    const r = parseBankCsv(`${pdqA},A1\n`, 'pdq');
    assert.equal(r.entries.length, 0);
    assert.match(r.issues[0]!.message, /no "hash" column/);
    assert.match(parseBankCsv('', 'pdq').issues[0]!.message, /no header row/);
  });

  test('round trip', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.hash, maxLength: 20 }), (raw) => {
        const entries = raw.map((e) => ({ ...e }));
        const back = parseBankCsv(serialiseBankCsv(entries as BankEntry[]), 'pdq');
        assert.deepEqual(back.issues, []);
        assert.deepEqual(back.entries, entries);
      }),
    );
  });
});

describe('ThreatExchange dataset CSV', () => {
  const header = 'signal_type,signal_str,collab,category,tags\n';

  test('reads python-threatexchange output, skipping other signal types with a reason', () => {
    const csv =
      header +
      `pdq,${pdqA},Sample Signals,TRUE_POSITIVE,A1 media_priority_samples\n` +
      `url,https://example.org/,Sample Signals,WORTH_INVESTIGATING,\n` +
      `pdq,${pdqA},Other Collab,TRUE_POSITIVE,A2\n` +
      `pdq,abc,Other Collab,TRUE_POSITIVE,\n`;
    const r = parseThreatExchangeCsv(csv, 'pdq');
    assert.deepEqual(r.entries, [{ hash: pdqA, label: 'A1; media_priority_samples; A2', contributor: 'Sample Signals', extra: { category: 'TRUE_POSITIVE' } }]);
    assert.equal(r.duplicates, 1);
    assert.deepEqual(
      r.issues.map((i) => i.line),
      [3, 5],
    );
    assert.match(r.issues[0]!.message, /"url" is not a pdq hash; skipped/);
  });

  test('md5 signal names are kept', () => {
    const r = parseThreatExchangeCsv(header + `photo_md5,${md5A},c,TRUE_POSITIVE,\n`, 'md5');
    assert.equal(r.entries[0]!.extra!.signal_type, 'photo_md5');
    assert.match(serialiseThreatExchangeCsv(r.entries, 'md5'), /^photo_md5,/m);
  });

  test('wrong header is refused', () => {
    assert.match(parseThreatExchangeCsv(`hash,label\n${pdqA},A1\n`, 'pdq').issues[0]!.message, /header must be exactly/);
  });

  test('round trip', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.hash, maxLength: 20 }), (raw) => {
        // The format carries contributor, category and space-free tags, and no source id.
        const entries = raw.map(({ hash, label, contributor }) => {
          const e: BankEntry = { hash, extra: { category: 'TRUE_POSITIVE' } };
          const tags = (label ?? '').split(/\s+/).filter((t) => t && !/[;,"]/.test(t));
          if (tags.length) e.label = tags.join('; ');
          if (contributor) e.contributor = contributor;
          return e;
        });
        const once = serialiseThreatExchangeCsv(entries, 'pdq');
        const back = parseThreatExchangeCsv(once, 'pdq');
        assert.deepEqual(back.issues, []);
        assert.deepEqual(back.entries.map(sortKeys), entries.map(sortKeys));
        assert.equal(serialiseThreatExchangeCsv(back.entries, 'pdq'), once);
      }),
    );
  });
});

describe('bank values', () => {
  test('makeBank checks the name and hashes and folds duplicates', () => {
    const bank = makeBank({
      name: 'ncmec-industry-pdq',
      hashType: 'pdq',
      provenance: { source: 'ncmec', listVersion: '2026-11-01', date: '2026-11-01T00:00:00Z' },
      verified: true,
      entries: [
        { hash: pdqA.toUpperCase(), label: 'A1' },
        { hash: pdqA, label: 'A2' },
      ],
    });
    assert.deepEqual(bank.entries, [{ hash: pdqA, label: 'A1; A2' }]);
    assert.throws(() => makeBank({ ...bank, name: 'Bad Name' }), /bank name/);
    assert.throws(() => makeBank({ ...bank, entries: [{ hash: md5A }] }), /entry 1: a pdq hash/);
  });
});

function sortKeys(e: BankEntry): BankEntry {
  return JSON.parse(JSON.stringify(e, Object.keys(e).sort().concat('category', 'signal_type'))) as BankEntry;
}
