import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AhoCorasick, type AcPattern } from '../../../src/detect/text/aho-corasick.js';

function all(ac: AhoCorasick, text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  ac.scan(text, (p, s, e) => out.push([p, s, e]));
  return out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** The obvious quadratic matcher, as the reference for the property test. */
function naive(patterns: readonly AcPattern[], text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  patterns.forEach((p, id) => {
    for (let i = text.indexOf(p.text); i >= 0; i = text.indexOf(p.text, i + 1)) {
      const end = i + p.text.length;
      if (p.left !== false && i > 0 && text[i - 1] !== ' ') continue;
      if (p.right !== false && end < text.length && text[end] !== ' ') continue;
      out.push([id, i, end]);
    }
  });
  return out.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

describe('AhoCorasick', () => {
  test('finds overlapping patterns with word boundaries', () => {
    const ac = new AhoCorasick([{ text: 'keep it secret' }, { text: 'secret' }, { text: 'it' }]);
    assert.deepEqual(all(ac, 'please keep it secret'), [
      [0, 7, 21],
      [2, 12, 14],
      [1, 15, 21],
    ]);
  });

  test('word boundaries: no match inside a word unless marked as prefix or suffix', () => {
    const ac = new AhoCorasick([{ text: 'term' }, { text: 'pre', right: false }, { text: 'fix', left: false }]);
    assert.deepEqual(all(ac, 'terms term prefix suffix'), [
      [0, 6, 10],
      [1, 11, 14],
      [2, 14, 17],
      [2, 21, 24],
    ]);
  });

  test('characters outside every pattern reset the automaton', () => {
    const ac = new AhoCorasick([{ text: 'ab' }]);
    assert.deepEqual(all(ac, 'a€b ab'), [[0, 4, 6]]);
  });

  test('non-ASCII patterns', () => {
    const ac = new AhoCorasick([{ text: 'текст' }, { text: '漢字', left: false, right: false }]);
    assert.deepEqual(all(ac, 'мой текст и 漢字だ'), [
      [0, 4, 9],
      [1, 12, 14],
    ]);
  });

  test('property: same matches as the naive matcher', () => {
    const word = fc.stringMatching(/^[abc]{1,4}$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')), left: fc.boolean(), right: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.stringMatching(/^[abc]{1,5}$/), { maxLength: 12 }).map((w) => w.join(' ')),
        (patterns, text) => {
          const unique = patterns.filter((p, i) => patterns.findIndex((q) => q.text === p.text && q.left === p.left && q.right === p.right) === i);
          assert.deepEqual(all(new AhoCorasick(unique), text), naive(unique, text));
        },
      ),
      { numRuns: 400 },
    );
  });
});
