// URL banks at ingest (VIGIE_URL_BANKS): a link on a bank the operator vouches for is acted
// on like verified known material; a link on an unverified list goes to a person; lists
// reload without a restart. The lists hold placeholder example hosts only.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';

describeEachStore('URL banks at ingest', (store) => {
  let t: TestApp;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-urlbanks-'));
    writeFileSync(join(dir, 'hotline.txt'), 'listed.example.com/dir/\n');
    writeFileSync(join(dir, 'local.txt'), '# kept by the trust and safety team\nwatch.example.net\nhttp://\n');
  });
  after(async () => {
    await t?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (id: string, author: string, extra: Record<string, unknown>) => ({
    id,
    kind: 'post',
    author: { id: author },
    createdAt: '2026-11-28T11:00:00Z',
    ...extra,
  });

  test('a listed link on a verified bank: removed, author suspended, CyberTipline draft', async () => {
    t = await buildTestApp(store(), {
      detection: {
        urlBanks: [
          { name: 'hotline', format: 'plain', path: join(dir, 'hotline.txt'), verified: true },
          { name: 'local', format: 'plain', path: join(dir, 'local.txt'), verified: false },
        ],
      },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: post('url-1', 'linker-1', { text: 'new post', links: ['https://listed.example.com/dir/page.html'] }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const state = res.json().state;
    assert.equal(state.status, 'removed');
    assert.deepEqual(
      state.signals.map((s: { signal: string; source: string }) => [s.signal, s.source]),
      [['link-bank', 'url-bank:hotline']],
    );
    const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/linker-1', headers: t.auth() });
    assert.equal(account.json().state.status, 'suspended');
    const actions = await store().db.selectFrom('events').select(['type', 'payload_json']).where('type', 'in', ['cybertip.drafted', 'action.taken']).execute();
    assert.ok(actions.some((a) => a.type === 'cybertip.drafted'));
    // No INHOPE referral without a hosting country, which a URL list does not give.
    assert.ok(!actions.map((a) => JSON.parse(a.payload_json)).some((p) => p.action === 'refer_inhope'));
  });

  test('a link in the text on an unverified list goes to review; the post stays up', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: post('url-2', 'linker-2', { text: 'have a look at watch[.]example[.]net/x' }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const state = res.json().state;
    assert.equal(state.status, 'active');
    const signal = state.signals.find((s: { signal: string }) => s.signal === 'link-bank');
    assert.equal(signal?.source, 'url-bank:local');
    const cases = await store().db.selectFrom('cases').select(['subject_id', 'status']).where('subject_id', '=', 'url-2').execute();
    assert.equal(cases.length, 1, 'a case for a person to look at');
    const recorded = await store()
      .db.selectFrom('events')
      .select('payload_json')
      .where('type', '=', 'signal.recorded')
      .where('subject_id', '=', 'url-2')
      .execute();
    assert.equal(JSON.parse(recorded[0]!.payload_json).evidence.verified, false);
    const warnings = (await t.ctx.textRules.reload()) as { ok: boolean; warnings: readonly string[] };
    assert.ok(warnings.ok);
    assert.ok(
      warnings.warnings.some((w) => w.startsWith('URL bank local line 3')),
      'a bad line is skipped and said',
    );
  });

  test('an edited list takes effect on reload, without a restart', async () => {
    const before = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: post('url-3', 'linker-3', { links: ['https://fresh.example.org/a'] }),
    });
    assert.deepEqual(before.json().state.signals, []);
    writeFileSync(join(dir, 'local.txt'), 'watch.example.net\nfresh.example.org\n');
    await t.ctx.textRules.reload();
    const after = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: post('url-4', 'linker-3', { links: ['https://fresh.example.org/a'] }),
    });
    assert.equal(after.json().state.signals[0]?.source, 'url-bank:local');
  });
});
