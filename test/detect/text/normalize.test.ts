import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalise, originalSpan } from '../../../src/detect/text/normalize.js';

const n = (s: string) => normalise(s).text;

describe('normalise', () => {
  test('NFKC: full-width and compatibility forms', () => {
    assert.equal(n('Ｈｏｗ ｏｌｄ'), 'how old');
    assert.equal(n('ﬁnd'), 'find');
  });

  test('zero-width and bidirectional controls are removed', () => {
    assert.equal(n('se\u200bc\u200dr\u2060e\u202et'), 'secret');
    assert.equal(n('\ufeffkeep'), 'kep');
  });

  test('case and diacritics fold; accents composed by combining marks too', () => {
    assert.equal(n('Quel ÂGE as-tu'), 'quel age as tu');
    assert.equal(n('e\u0301te\u0301'), 'ete');
  });

  test('confusables from other scripts fold onto Latin', () => {
    assert.equal(n('ѕесrеt'), 'secret'); // Cyrillic letters
    assert.equal(n('ѕnαpchαt'), 'snapchat'); // Cyrillic and Greek
    assert.equal(n('ᴋᴇᴇᴘ ɪᴛ'), 'kep it'); // small capitals
  });

  test('leetspeak folds inside words, not in numbers', () => {
    assert.equal(n('h0w 0ld r u'), 'how old r u');
    assert.equal(n('s3cr3t sn4pch4t'), 'secret snapchat');
    assert.equal(n('n0 w@y $ecret'), 'no way secret');
    assert.equal(n('I am 13, meet at 10pm, $100'), 'i am 13 met at 10pm 100');
    assert.equal(n('@someone hi'), 'someone hi');
  });

  test('repeated letters collapse; punctuation and spaces become single spaces', () => {
    assert.equal(n('  K33P   it...SEEECRET!!!  '), 'kep it secret');
    assert.equal(n("don't"), 'don t');
  });

  test('other scripts keep their letters', () => {
    assert.equal(n('漢字 текст'), '漢字 tekct');
    assert.equal(n('مرحبا'), 'مرحبا');
  });

  test('every normalised character maps back to the original text', () => {
    const text = 'Please K33P  it SEECRET, ok?';
    const r = normalise(text);
    const i = r.text.indexOf('kep it secret');
    const span = originalSpan(r, i, i + 'kep it secret'.length);
    assert.equal(text.slice(span.start, span.end), 'K33P  it SEECRET');
  });

  test('spans survive full-width, invisible and astral characters', () => {
    const text = 'a 😀 ｓｅ\u200bｃｒｅｔ b';
    const r = normalise(text);
    const i = r.text.indexOf('secret');
    const span = originalSpan(r, i, i + 6);
    assert.equal(text.slice(span.start, span.end), 'ｓｅ\u200bｃｒｅｔ');
  });

  test('property: maps are monotone and inside the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (s) => {
        const r = normalise(s);
        assert.equal(r.starts.length, r.text.length);
        for (let i = 0; i < r.text.length; i++) {
          assert.ok(r.starts[i]! >= 0 && r.ends[i]! <= s.length && r.starts[i]! < r.ends[i]!);
          if (i > 0) assert.ok(r.starts[i]! >= r.starts[i - 1]!);
        }
        assert.ok(!r.text.startsWith(' ') && !r.text.endsWith(' ') && !r.text.includes('  '));
        assert.equal(normalise(r.text).text, r.text);
      }),
      { numRuns: 500 },
    );
  });
});
