// The public report page on both stores: anonymous reports in French and in English reach
// a case (with JavaScript's proof of work, and without it after the wait); the receipt
// tells how the report stands; hostile input to every field, replayed and expired
// challenges and bursts get a clear 4xx with the form again, never a 5xx, and store nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { seedPost, seedStaff, type SignedIn } from '../support/seed.js';
import { FORM_TYPE, formBody, receiptOf, solvedForm, tokenOf } from '../support/report-page.js';
import { receiptHash } from '../../src/services/reports/file-report.js';
import type { Store } from '../../src/store/store.js';
import type { ConfigOverrides } from '../../src/config/config.js';

const rulesDir = mkdtempSync(join(tmpdir(), 'vigie-public-report-'));
const rulesPath = join(rulesDir, 'review.json');
writeFileSync(rulesPath, JSON.stringify({ links: { default: ['https://forum.example/@{account}/posts/{content}', 'https://forum.example/@{account}'] } }));
after(() => rmSync(rulesDir, { recursive: true, force: true }));

const WAIT_S = 5;
const settings = (over: Partial<NonNullable<ConfigOverrides['publicReport']>> = {}): ConfigOverrides => ({
  review: { leaseMs: 15 * 60_000, rulesPath, publicPlatform: 'default' },
  publicReport: { powBits: 8, noScriptWaitSeconds: WAIT_S, tokenTtlMs: 30 * 60_000, perAddressPerHour: 5, globalPerMinute: 1000, ...over },
});

let addresses = 0;
const freshAddress = () => `192.0.2.${++addresses % 250}`;

async function counts(store: Store): Promise<Record<string, number>> {
  const n = async (table: 'reports' | 'cases' | 'events') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { reports: await n('reports'), cases: await n('cases'), events: await n('events') };
}

describeEachStore('public report page', (store) => {
  let t: TestApp;
  let reviewer: SignedIn;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store(), settings());
    reviewer = await seedStaff(t, 'reviewer');
  }
  const form = async (query = '', headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url: `/report${query}`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.body;
  };
  const send = (payload: string, address = freshAddress(), headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/report', headers: { ...FORM_TYPE, ...headers }, payload, remoteAddress: address });
  const caseOfReceipt = async (receipt: string) => {
    const row = await store().db.selectFrom('reports').selectAll().where('receipt_hash', '=', receiptHash(receipt)).executeTakeFirstOrThrow();
    assert.ok(row.case_id, 'the report reached a case');
    const res = await t.app.inject({ method: 'GET', url: `/v1/cases/${row.case_id}`, headers: reviewer.session.headers() });
    assert.equal(res.statusCode, 200, res.body);
    return { row, detail: res.json() };
  };

  test('a report in French, with the proof of work, reaches a case about the post', async () => {
    await ready();
    const { id, author } = await seedPost(t);
    const page = await form('', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    assert.match(page, /<html lang="fr">/);
    assert.match(page, /Quelqu’un qui demande ou propose de telles images/);
    assert.match(page, /<legend>Quel est le problème \?<\/legend>/);
    assert.match(page, /CyberTipline du NCMEC/);
    assert.match(page, /inhope\.org/);
    const res = await send(
      solvedForm(page, {
        lang: 'fr',
        account: `@${author}`,
        posts: `https://forum.example/@${author}/posts/${id}\nhttps://ailleurs.example/x`,
        reason: 'adult-contacting-child',
        description: 'Il demande à un enfant de passer sur une autre application.',
        contact: 'parent@exemple.fr',
      }),
    );
    assert.equal(res.statusCode, 201, res.body);
    assert.match(res.body, /<html lang="fr">/);
    assert.match(res.headers['content-security-policy'] as string, /form-action 'self'; frame-ancestors 'none'/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const receipt = receiptOf(res.body);
    assert.ok(receipt, 'the page shows a receipt');
    const { row, detail } = await caseOfReceipt(receipt);
    assert.deepEqual(detail.case.subject, { kind: 'content', id, platform: 'default' });
    assert.equal(detail.case.queue, 'user-reports');
    assert.equal(row.reporter_kind, 'anonymous');
    assert.equal(row.contact, 'parent@exemple.fr');
    assert.equal(row.category, 'adult-contacting-child');
  });

  test('a report in English without JavaScript is refused before the wait, and accepted after it', async () => {
    await ready();
    const { author } = await seedPost(t);
    const page = await form('?lang=en', { 'accept-language': 'fr' });
    assert.match(page, /<html lang="en">/);
    assert.match(page, /<a href="\/report\?lang=fr" lang="fr" hreflang="fr">Français<\/a>/);
    const body = formBody({ token: tokenOf(page), lang: 'en', account: `https://forum.example/@${author}`, posts: '', reason: 'threat-or-blackmail' });
    const address = freshAddress();
    const before = await counts(store());
    const early = await send(body, address);
    assert.equal(early.statusCode, 400, early.body);
    assert.match(early.body, /sent too quickly/);
    assert.equal(tokenOf(early.body), tokenOf(page), 'the same form can be sent again');
    assert.deepEqual(await counts(store()), before);

    t.clock.now = new Date(t.clock.now.getTime() + WAIT_S * 1000);
    const res = await send(body, address);
    assert.equal(res.statusCode, 201, res.body);
    const { detail } = await caseOfReceipt(receiptOf(res.body)!);
    assert.deepEqual(detail.case.subject, { kind: 'account', id: author, platform: 'default' });
    assert.equal(detail.case.queue, 'urgent', 'a threat goes to the urgent queue');
  });

  test('the status page tells a receipt holder how the report stands, and nothing for a wrong number', async () => {
    await ready();
    const page = await form('?lang=en');
    const res = await send(solvedForm(page, { lang: 'en', account: '@someone', reason: 'other' }));
    assert.equal(res.statusCode, 201, res.body);
    const receipt = receiptOf(res.body)!;
    const status = await t.app.inject({ method: 'GET', url: `/report/status?receipt=${receipt}&lang=en` });
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /Received: it is waiting for a reviewer/);
    assert.equal(status.headers['cache-control'], 'no-store');
    assert.equal(status.headers['referrer-policy'], 'no-referrer');
    const fr = await t.app.inject({ method: 'GET', url: `/report/status?receipt=${receipt}`, headers: { 'accept-language': 'fr' } });
    assert.match(fr.body, /Reçu : il attend d’être examiné/);

    const unknown = await t.app.inject({ method: 'GET', url: '/report/status?receipt=R-AAAAAAAAAAAAAAAAAAAAAA&lang=en' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /No report has this receipt number/);
    const hostile = await t.app.inject({ method: 'GET', url: `/report/status?receipt=${encodeURIComponent('"><script>alert(1)</script>')}` });
    assert.equal(hostile.statusCode, 404);
    assert.doesNotMatch(hostile.body, /<script>alert/);
    assert.match(hostile.body, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    const empty = await t.app.inject({ method: 'GET', url: '/report/status' });
    assert.equal(empty.statusCode, 200);
  });

  test('hostile input to every field gets the form again with the field named, escaped, and stores nothing', async () => {
    await ready();
    const page = await form('?lang=en');
    const good = { lang: 'en', account: '@someone', reason: 'other' };
    const cases: { name: string; fields: Record<string, string>; field: string; status?: number }[] = [
      { name: 'markup in the account', fields: { ...good, account: '<script>alert(1)</script>' }, field: 'account' },
      { name: 'control characters in the account', fields: { ...good, account: '@some\u0000one' }, field: 'account' },
      { name: 'a reversed-text mark in the account', fields: { ...good, account: '@some\u202Eone' }, field: 'account' },
      { name: 'a huge account', fields: { ...good, account: 'a'.repeat(5000) }, field: 'account' },
      { name: 'a javascript: link', fields: { ...good, posts: 'javascript:alert(1)' }, field: 'posts' },
      { name: 'a link without a host', fields: { ...good, posts: 'https://' }, field: 'posts' },
      { name: 'two links on one line', fields: { ...good, posts: 'https://a.example/1 https://a.example/2' }, field: 'posts' },
      { name: 'a link with a password', fields: { ...good, posts: 'https://user:pw@a.example/1' }, field: 'posts' },
      { name: 'control characters in a link', fields: { ...good, posts: 'https://a.example/\u0007' }, field: 'posts' },
      { name: 'too many links', fields: { ...good, posts: Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`).join('\n') }, field: 'posts' },
      { name: 'no reason', fields: { ...good, reason: '' }, field: 'reason' },
      { name: 'an unknown reason', fields: { ...good, reason: '<b>x</b>' }, field: 'reason' },
      { name: 'a description too long', fields: { ...good, description: 'é'.repeat(4001) }, field: 'description' },
      { name: 'control characters in the description', fields: { ...good, description: 'hello\u001Bworld' }, field: 'description' },
      { name: 'markup as contact', fields: { ...good, contact: '<img src=x onerror=alert(1)>' }, field: 'contact' },
      { name: 'a contact with a newline', fields: { ...good, contact: 'a@b.example\nBcc: c@d.example' }, field: 'contact' },
      { name: 'nothing named', fields: { ...good, account: '' }, field: 'account' },
      { name: 'only a link to another site', fields: { ...good, account: '', posts: 'https://elsewhere.example/@x/posts/1' }, field: 'account' },
    ];
    for (const c of cases) {
      const before = await counts(store());
      const res = await send(solvedForm(page, { ...c.fields, description: c.fields.description ?? '<script>alert("description")</script>' }));
      assert.equal(res.statusCode, c.status ?? 400, `${c.name}: ${res.body.slice(0, 300)}`);
      assert.match(res.headers['content-type'] as string, /^text\/html/, c.name);
      assert.match(res.body, new RegExp(`<li><a href="#${c.field}">`), `${c.name}: the error names the field`);
      assert.match(res.body, new RegExp(`id="${c.field}-error"|id="reason-error"`), c.name);
      assert.doesNotMatch(res.body, /<script>alert|<img src=x|<b>x<\/b>/, `${c.name}: markup comes back escaped`);
      assert.deepEqual(await counts(store()), before, `${c.name}: nothing stored`);
    }
    // What was typed is shown back, escaped.
    const shown = await send(solvedForm(page, { ...good, account: '<script>alert(1)</script>', description: '<script>alert("d")</script>' }));
    assert.match(shown.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(shown.body, /&lt;script&gt;alert\(&quot;d&quot;\)&lt;\/script&gt;<\/textarea>/);
  });

  test('bodies that are not a readable form get a clear 4xx and store nothing', async () => {
    await ready();
    const page = await form('?lang=en');
    const token = tokenOf(page);
    const before = await counts(store());
    const bad: { name: string; payload: string | Buffer; headers?: Record<string, string>; status: number }[] = [
      { name: 'a broken percent-encoding', payload: `token=${token}&reason=other&account=%ZZ`, status: 400 },
      { name: 'invalid UTF-8', payload: `token=${token}&reason=other&account=%C3%28`, status: 400 },
      { name: 'raw bytes beyond ASCII', payload: Buffer.from(`token=${token}&reason=other&account=\u00e9t\u00e9`, 'latin1'), status: 400 },
      { name: 'a body over the form limit', payload: `token=${token}&reason=other&description=${'a'.repeat(40_000)}`, status: 413 },
      { name: 'JSON instead of a form', payload: '{"reason":"other"}', headers: { 'content-type': 'application/json' }, status: 400 },
      { name: 'a content type the page does not take', payload: 'x', headers: { 'content-type': 'text/xml' }, status: 415 },
      { name: 'no token', payload: formBody({ reason: 'other', account: '@a', lang: 'en' }), status: 400 },
      { name: 'a forged token', payload: solvedForm(page.replace(token, token.replace('.8.', '.1.')), { reason: 'other', account: '@a' }), status: 400 },
      { name: 'a wrong solution', payload: formBody({ token, solution: 'notanumber', reason: 'other', account: '@a' }), status: 400 },
    ];
    for (const b of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/report', headers: b.headers ?? FORM_TYPE, payload: b.payload, remoteAddress: freshAddress() });
      assert.equal(res.statusCode, b.status, `${b.name}: ${res.body.slice(0, 300)}`);
      assert.deepEqual(await counts(store()), before, `${b.name}: nothing stored`);
    }
  });

  test('a replayed proof of work and an expired form are refused with a fresh form', async () => {
    await ready();
    const page = await form('?lang=en');
    const body = solvedForm(page, { lang: 'en', account: '@replayed', reason: 'other' });
    assert.equal((await send(body)).statusCode, 201);
    const before = await counts(store());
    const replay = await send(body);
    assert.equal(replay.statusCode, 400, replay.body);
    assert.match(replay.body, /already sent/);
    assert.notEqual(tokenOf(replay.body), tokenOf(page), 'a fresh form is served');
    assert.deepEqual(await counts(store()), before);

    const old = await form('?lang=fr');
    t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
    const expired = await send(solvedForm(old, { lang: 'fr', account: '@late', reason: 'other' }));
    assert.equal(expired.statusCode, 400, expired.body);
    assert.match(expired.body, /<html lang="fr">/);
    assert.match(expired.body, /resté ouvert trop longtemps/);
    assert.deepEqual(await counts(store()), before);
  });

  test('an address over its limit is refused (429) while others still report', async () => {
    await ready();
    t.clock.now = new Date(Math.ceil(t.clock.now.getTime() / 3_600_000) * 3_600_000 + 1000);
    const address = '198.51.100.7';
    for (let i = 0; i < 5; i++) {
      const res = await send(solvedForm(await form('?lang=en'), { account: `@burst-${i}`, reason: 'other' }), address);
      assert.equal(res.statusCode, 201, res.body);
    }
    const before = await counts(store());
    const page = await form('?lang=en');
    const over = await send(solvedForm(page, { account: '@burst-over', reason: 'other', lang: 'en' }), address);
    assert.equal(over.statusCode, 429, over.body);
    assert.equal(over.headers['retry-after'], '3600');
    assert.match(over.body, /Too many reports were sent from your connection/);
    assert.deepEqual(await counts(store()), before);
    const other = await send(solvedForm(page, { account: '@burst-other', reason: 'other' }), '198.51.100.8');
    assert.equal(other.statusCode, 201, 'the refused attempt did not spend the form; another address still reports');
  });

  test('IPv6 addresses of one /64 share one budget', async () => {
    await ready();
    t.clock.now = new Date(Math.ceil(t.clock.now.getTime() / 3_600_000) * 3_600_000 + 1000);
    for (let i = 1; i <= 5; i++) {
      const res = await send(solvedForm(await form('?lang=en'), { account: `@v6-${i}`, reason: 'other' }), `2001:db8:5:6::${i}`);
      assert.equal(res.statusCode, 201, res.body);
    }
    const over = await send(solvedForm(await form('?lang=en'), { account: '@v6-over', reason: 'other' }), '2001:db8:5:6:ffff::9');
    assert.equal(over.statusCode, 429, over.body);
    const next = await send(solvedForm(await form('?lang=en'), { account: '@v6-next', reason: 'other' }), '2001:db8:5:7::1');
    assert.equal(next.statusCode, 201, 'the next /64 is another subscriber');
  });

  test('the page as a whole stops at its ceiling per minute (counted in the database, across processes)', async () => {
    await ready();
    // A second API process on the same database, with a small ceiling.
    const second = await staffTestApp(store(), settings({ globalPerMinute: 3, perAddressPerHour: 100 }));
    try {
      second.clock.now = new Date(Math.ceil(t.clock.now.getTime() / 60_000) * 60_000 + 5 * 60_000);
      t.clock.now = second.clock.now;
      const page = async (app: TestApp) => (await app.app.inject({ method: 'GET', url: '/report?lang=en' })).body;
      assert.equal((await send(solvedForm(await page(t), { account: '@g1', reason: 'other' }))).statusCode, 201);
      for (const i of [2, 3]) {
        const res = await second.app.inject({
          method: 'POST',
          url: '/report',
          headers: FORM_TYPE,
          payload: solvedForm(await page(second), { account: `@g${i}`, reason: 'other' }),
          remoteAddress: freshAddress(),
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const over = await second.app.inject({
        method: 'POST',
        url: '/report',
        headers: FORM_TYPE,
        payload: solvedForm(await page(second), { account: '@g4', reason: 'other', lang: 'en' }),
        remoteAddress: freshAddress(),
      });
      assert.equal(over.statusCode, 429, over.body);
      assert.match(over.body, /many reports right now/);
    } finally {
      await second.app.close();
    }
  });

  test('the page’s style sheet and script are served by vigie; the pages allow nothing inline', async () => {
    await ready();
    const page = await t.app.inject({ method: 'GET', url: '/report' });
    const csp = page.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /style-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(page.body, /<script>|style=/, 'no inline script or style');
    const js = await t.app.inject({ method: 'GET', url: '/report/assets/report.js' });
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /^text\/javascript/);
    const css = await t.app.inject({ method: 'GET', url: '/report/assets/report.css' });
    assert.match(css.headers['content-type'] as string, /^text\/css/);
  });
});
