import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTermList } from '../../../src/detect/text/term-list.js';

describe('parseTermList', () => {
  test('one term per line, comments, prefix and suffix marks, normalised, deduplicated', () => {
    const list = parseTermList('test', '# placeholder list\nPlaceholderTerm1\nplaceholder phrase two\nplaceholderpre*\n*placeholdersuf\nPLACEHOLDERTERM1\n\n');
    assert.deepEqual(
      list.terms.map((t) => [t.text, t.left, t.right, t.line]),
      [
        // a single digit ending a word is read as leetspeak ("1" as "i"), in terms and text alike
        ['placeholdertermi', true, true, 2],
        ['placeholder phrase two', true, true, 3],
        ['placeholderpre', true, false, 4],
        ['placeholdersuf', false, true, 5],
      ],
    );
    assert.deepEqual(list.problems, []);
  });

  test('a bad line is reported with its number and skipped; the rest is kept', () => {
    const list = parseTermList('test', 'placeholderterm1\n!!!\n' + 'x'.repeat(300) + '\nplaceholderterm2\n');
    assert.equal(list.terms.length, 2);
    assert.deepEqual(
      list.problems.map((p) => p.line),
      [2, 3],
    );
  });
});
