// The signature a platform checks: tampering, age, malformed headers and secret rotation;
// and the verifier the docs give platforms, run against what vigie signs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSignatureHeader, sign, signatureOf, verifySignature } from '../../../src/enforcement/webhooks/signature.js';

const SECRET = 'whsec_first-secret-for-tests';
const NEXT = 'whsec_second-secret-for-tests';
const BODY = '{"version":1,"id":"whd_1","type":"action.taken"}';
const T = 1_795_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe('webhook signatures', () => {
  test('the v1 value is the HMAC-SHA256 of "t.body", as the docs tell platforms to compute it', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    assert.equal(signatureOf(SECRET, T, BODY), expected);
    assert.equal(sign(SECRET, T, BODY), `t=${T},v1=${expected}`);
    // Bytes and text of the same body sign alike.
    assert.equal(signatureOf(SECRET, T, Buffer.from(BODY)), expected);
  });

  test('a genuine message verifies, within the window on either side', () => {
    const header = sign(SECRET, T, BODY);
    assert.deepEqual(verifySignature(SECRET, header, BODY, at(T)), { ok: true, timestamp: T });
    assert.equal(verifySignature(SECRET, header, BODY, at(T + 300)).ok, true);
    assert.equal(verifySignature(SECRET, header, BODY, at(T - 300)).ok, true, 'a sender clock a little ahead is tolerated');
    assert.equal(verifySignature(SECRET, header, BODY, T * 1000 + 999).ok, true, 'milliseconds are accepted as now');
  });

  test('a tampered body, a wrong secret or a moved timestamp is a mismatch', () => {
    const header = sign(SECRET, T, BODY);
    assert.deepEqual(verifySignature(SECRET, header, BODY.replace('action.taken', 'action.reverted'), at(T)), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifySignature(SECRET, header, `${BODY} `, at(T)), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifySignature('whsec_someone-else', header, BODY, at(T)), { ok: false, reason: 'mismatch' });
    // Replaying a captured signature with a fresh timestamp does not work: t is inside the MAC.
    const moved = header.replace(`t=${T}`, `t=${T + 1000}`);
    assert.deepEqual(verifySignature(SECRET, moved, BODY, at(T + 1000)), { ok: false, reason: 'mismatch' });
  });

  test('an old (or far future) timestamp is refused even with a valid MAC', () => {
    const header = sign(SECRET, T, BODY);
    assert.deepEqual(verifySignature(SECRET, header, BODY, at(T + 301)), { ok: false, reason: 'stale' });
    assert.deepEqual(verifySignature(SECRET, header, BODY, at(T - 301)), { ok: false, reason: 'stale' });
    assert.equal(verifySignature(SECRET, header, BODY, at(T + 3000), 3600).ok, true, 'the tolerance is the caller’s to choose');
  });

  test('rotation: several v1 values in the header, several secrets at the receiver', () => {
    const both = sign([SECRET, NEXT], T, BODY);
    assert.equal(both.split(',').filter((p) => p.startsWith('v1=')).length, 2);
    assert.equal(verifySignature(SECRET, both, BODY, at(T)).ok, true, 'a receiver still on the old secret');
    assert.equal(verifySignature(NEXT, both, BODY, at(T)).ok, true, 'a receiver already on the new one');
    const newOnly = sign(NEXT, T, BODY);
    assert.equal(verifySignature([SECRET, NEXT], newOnly, BODY, at(T)).ok, true, 'a receiver accepting both during the change');
    assert.equal(verifySignature([SECRET], newOnly, BODY, at(T)).ok, false);
  });

  test('malformed headers are refused without throwing; unknown schemes are ignored', () => {
    const v1 = signatureOf(SECRET, T, BODY);
    for (const header of [
      undefined,
      null,
      '',
      'garbage',
      `v1=${v1}`,
      `t=${T}`,
      `t=abc,v1=${v1}`,
      `t=${T},v1=${v1.slice(0, 63)}`,
      `t=${T},v1=${v1.toUpperCase()}`,
      `t=${T},t=${T},v1=${v1}`,
    ]) {
      assert.deepEqual(verifySignature(SECRET, header, BODY, at(T)), { ok: false, reason: 'malformed' }, String(header));
    }
    assert.equal(verifySignature(SECRET, `t=${T}, v0=abc, v1=${v1}`, BODY, at(T)).ok, true);
    assert.deepEqual(parseSignatureHeader(`t=${T},v2=zz,v1=${v1}`)?.v1.length, 1);
  });

  test('sign refuses what is not a unix time in seconds', () => {
    assert.throws(() => sign(SECRET, 1.5, BODY), RangeError);
    assert.throws(() => sign(SECRET, Date.now() * 1000, BODY), RangeError);
    assert.throws(() => sign([], T, BODY), TypeError);
  });
});

describe('the verification sample in docs/webhooks.md', () => {
  test('accepts what vigie signs and refuses what it should', async () => {
    const doc = readFileSync('docs/webhooks.md', 'utf8');
    const sample = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(sample && sample.includes('export function verifyVigieSignature'), 'the first js block of the docs is the verifier');
    const dir = mkdtempSync(join(tmpdir(), 'vigie-doc-sample-'));
    try {
      const file = join(dir, 'verify.mjs');
      writeFileSync(file, sample);
      const { verifyVigieSignature } = (await import(pathToFileURL(file).href)) as {
        verifyVigieSignature: (secrets: string[], header: unknown, raw: Buffer, nowMs?: number, tolerance?: number) => boolean;
      };
      const raw = Buffer.from(BODY);
      const now = T * 1000;
      assert.equal(verifyVigieSignature([SECRET], sign(SECRET, T, BODY), raw, now), true);
      assert.equal(verifyVigieSignature([NEXT, SECRET], sign([NEXT, SECRET], T, BODY), raw, now), true);
      assert.equal(verifyVigieSignature([SECRET], sign(SECRET, T, BODY), Buffer.from(`${BODY} `), now), false);
      assert.equal(verifyVigieSignature([SECRET], sign(SECRET, T, BODY), raw, now + 301_000), false);
      assert.equal(verifyVigieSignature([SECRET], sign(NEXT, T, BODY), raw, now), false);
      assert.equal(verifyVigieSignature([SECRET], undefined, raw, now), false);
      assert.equal(verifyVigieSignature([SECRET], 'nonsense', raw, now), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
