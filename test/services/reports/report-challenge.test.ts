// The public report page's challenge as values: a token reads back only with its key and
// unaltered; a solution must have the token's zero bits; without one, the wait must be over;
// an old token is refused. And the page's language from the address or the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChallenge, readChallenge, signChallenge, solveChallenge, workBits } from '../../../src/services/reports/report-challenge.js';
import { pickLanguage } from '../../../src/http/pages/language.js';
import { escapeHtml, html } from '../../../src/http/pages/html.js';

const key = Buffer.alloc(32, 7);
const terms = { issuedAtMs: Date.UTC(2026, 10, 28, 12), nonce: 'A'.repeat(22), bits: 10, waitSeconds: 8 };
const token = signChallenge(key, terms);
const TTL = 30 * 60_000;

test('a token reads back with its key, and not once altered or with another key', () => {
  assert.deepEqual(readChallenge(key, token), terms);
  assert.equal(readChallenge(Buffer.alloc(32, 8), token), null);
  assert.equal(readChallenge(key, token.replace('.10.8.', '.1.8.')), null, 'a lowered difficulty breaks the signature');
  assert.equal(readChallenge(key, token.replace('.10.8.', '.10.0.')), null, 'a shorter wait breaks the signature');
  assert.equal(readChallenge(key, `${token}x`), null);
  assert.equal(readChallenge(key, ''), null);
});

test('a solution needs the token’s zero bits; without one the wait must be over; an old token is refused', () => {
  const solution = solveChallenge(token, terms.bits);
  assert.ok(workBits(token, solution) >= terms.bits);
  assert.deepEqual(checkChallenge(terms, token, solution, terms.issuedAtMs + 1, TTL), { ok: true });
  const wrong = [...Array(50).keys()].map(String).find((s) => workBits(token, s) < terms.bits)!;
  assert.deepEqual(checkChallenge(terms, token, wrong, terms.issuedAtMs + 1, TTL), { ok: false, refusal: 'wrong-solution' });
  assert.deepEqual(checkChallenge(terms, token, '1e9', terms.issuedAtMs + 1, TTL), { ok: false, refusal: 'malformed' });
  assert.deepEqual(checkChallenge(terms, token, undefined, terms.issuedAtMs + 7_999, TTL), { ok: false, refusal: 'too-early' });
  assert.deepEqual(checkChallenge(terms, token, undefined, terms.issuedAtMs + 8_000, TTL), { ok: true });
  assert.deepEqual(checkChallenge(terms, token, solution, terms.issuedAtMs + TTL + 1, TTL), { ok: false, refusal: 'expired' });
  assert.deepEqual(checkChallenge(terms, token, solution, terms.issuedAtMs - 60_000, TTL), { ok: false, refusal: 'expired' });
});

test('the page’s language: the address first, then the browser’s preference by quality, else English', () => {
  assert.equal(pickLanguage('fr', 'en'), 'fr');
  assert.equal(pickLanguage(undefined, 'de-DE,fr;q=0.8,en;q=0.5'), 'fr');
  assert.equal(pickLanguage(undefined, 'fr;q=0.2,en-GB;q=0.9'), 'en');
  assert.equal(pickLanguage(undefined, 'fr;q=0'), 'en');
  assert.equal(pickLanguage('xx', 'fr-CA'), 'fr');
  assert.equal(pickLanguage(undefined, undefined), 'en');
  assert.equal(pickLanguage(undefined, ';;;,,,q=abc'), 'en');
});

test('the pages’ one escaping helper escapes every value, and nests only what it made itself', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(html`<p title="${'"x"'}">${inner}${['<', html`<br />`]}</p>`.text, '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;<br /></p>');
});
