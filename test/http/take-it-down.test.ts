// Take It Down at ingest, on both stores: a generated image whose MD5 is put on a Take It
// Down bank plays the part of an image a minor asked to have taken down. A post carrying it
// is removed at once without notice and a CyberTipline draft is made; the account is not
// suspended: a case on the account waits for a person. Such a bank can never be verified.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { ServiceError } from '../../src/services/errors.js';
import { TAKE_IT_DOWN } from '../../src/match/bank.js';
import { TAKE_IT_DOWN_SOURCE } from '../../src/policy/signals.js';
import { takeItDownNote } from '../../src/legal/ncmec/index.js';
import { createHash } from 'node:crypto';

const SYSTEM = { kind: 'system' as const, id: null };
const AT = '2026-11-28T12:00:00.000Z';

test('the bank source kind and the one the policy reads are the same', () => {
  assert.equal(TAKE_IT_DOWN, TAKE_IT_DOWN_SOURCE);
});

test('the report wording says what matched and what was done, and claims nothing more', () => {
  const note = takeItDownNote({ bankName: 'tid', hashType: 'md5', listVersion: '2026-11', reviewed: false });
  assert.match(note, /Take It Down list \(tid, list version 2026-11\)/);
  assert.match(note, /removed the file/);
  assert.match(note, /No person at the company had decided on the uploading account/);
  assert.doesNotMatch(note, /self-produced|verified|confirmed/);
});

describeEachStore('Take It Down at ingest', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());

  test('a Take It Down bank cannot be marked verified', async () => {
    await assert.rejects(
      createBank(store(), { name: 'tid-verified', hashType: 'md5', source: TAKE_IT_DOWN, verified: true }, SYSTEM, AT),
      (err: unknown) => err instanceof ServiceError && err.kind === 'unprocessable' && /cannot be marked verified/.test(err.message),
    );
  });

  test('a matching post is removed without notice and reported as a draft; the account waits for a person', async () => {
    t = await buildTestApp(store());
    const image = await patternImage(77, 160, 160);
    const bank = await createBank(store(), { name: 'tid-list', hashType: 'md5', source: TAKE_IT_DOWN, listVersion: 'test-1', verified: false }, SYSTEM, AT);
    const { added } = await importEntries(store(), bank, [{ hash: createHash('md5').update(image).digest('hex') }], SYSTEM, AT);
    t.ctx.knownMaterial.addEntries(added, bank);

    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: 'tid-1',
        kind: 'post',
        author: { id: 'tid-author' },
        media: [{ id: 'm1', data: image.toString('base64') }],
        createdAt: '2026-11-28T11:00:00Z',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().state.status, 'removed');
    const account = await store().db.selectFrom('accounts').selectAll().where('id', '=', 'tid-author').executeTakeFirstOrThrow();
    assert.equal(account.status, 'active');
    const cases = await store().db.selectFrom('cases').selectAll().where('subject_id', '=', 'tid-author').execute();
    assert.equal(cases.length, 1);
    assert.ok(cases[0]!.priority >= 80);
    const drafts = await store().db.selectFrom('events').select('payload_json').where('type', '=', 'cybertip.drafted').execute();
    assert.equal(drafts.length, 1);
    assert.equal(JSON.parse(drafts[0]!.payload_json).draft, true);
    const actions = (await store().db.selectFrom('events').select('payload_json').where('type', '=', 'action.taken').execute()).map(
      (e) => JSON.parse(e.payload_json) as { action: string; rule: string; notifyUser?: boolean },
    );
    assert.deepEqual(actions.map((a) => a.action).sort(), ['file_cybertip', 'remove_content']);
    assert.ok(actions.every((a) => a.rule === 'auto.take-it-down'));
    assert.equal(actions.find((a) => a.action === 'remove_content')!.notifyUser, false);
  });
});
