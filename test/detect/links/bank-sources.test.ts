// How an operator names URL banks (VIGIE_URL_BANKS, `vigie text scan --url-bank`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { urlBankSources, urlBankSource } from '../../../src/detect/links/bank-sources.js';

test('NAME=FORMAT:FILE entries, with the verified ones named apart', () => {
  assert.deepEqual(urlBankSources('iwf=iwf:/lists/iwf.csv, local=plain:/lists/local.txt', new Set(['iwf'])), [
    { name: 'iwf', format: 'iwf', path: '/lists/iwf.csv', verified: true },
    { name: 'local', format: 'plain', path: '/lists/local.txt', verified: false },
  ]);
  assert.deepEqual(urlBankSources('', new Set()), []);
});

test('mistakes get a message that says what to write', () => {
  assert.throws(() => urlBankSources('iwf', new Set()), /NAME=FORMAT:FILE/);
  assert.throws(() => urlBankSources('iwf=csv:/x', new Set()), /FORMAT plain, iwf, sha256/);
  assert.throws(() => urlBankSources('iwf=plain:', new Set()), /FORMAT:FILE/);
  assert.throws(() => urlBankSources('a=plain:/x,a=plain:/y', new Set()), /named twice/);
  assert.throws(() => urlBankSources('a=plain:/x', new Set(['b'])), /b is said to be verified but is not configured/);
  assert.throws(() => urlBankSource('bad name', 'plain:/x', false), /letters, digits/);
});
