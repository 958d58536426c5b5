// The staff console in a real browser (Debian's Chromium, headless, driven by
// playwright-core), on the seed library's data: a reviewer signs in with TOTP, takes the next
// case with one key, sees the media blurred, reveals one item (the reveal is in the log),
// decides with the preview shown, and the enforcement is recorded; a second reviewer cannot
// take the leased case; a triage member cannot decide; a senior confirms an exception; the
// pages render in French and in English, run under their CSP, and axe-core finds no serious
// or critical violation on them; with the operator's NCMEC industry MOU setting on, a reviewer
// classifies a file from the keyboard and sees the uploader's file name as text. The
// screenshots in docs/ are made here, from the seed data.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Store } from '../../src/store/store.js';
import { eventsOf } from '../../src/store/log-store.js';
import type { TestApp } from '../support/app.js';
import { addStaff, codeFor, staffTestApp, type TestStaff } from '../http/staff-harness.js';
import { freshId, seedAccount, seedReport } from '../support/seed.js';
import { patternImage } from '../support/images.js';
import { chromiumMissing, launchChromium, seriousFindings } from '../support/browser.js';
import { seedAppeal } from '../http/appeal-seed.js';

const missing = chromiumMissing();
const SHOTS = join(process.cwd(), 'docs', 'screenshots');

describe('staff console in a browser', { skip: missing ? `${missing}; skipped outside CI` : false }, () => {
  let dataDir: string;
  let store: Store;
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let reviewer: TestStaff;
  let second: TestStaff;
  let triage: TestStaff;
  let senior: TestStaff;
  let legal: TestStaff;
  let admin: TestStaff;
  let imageCase: string;
  let imagePost: string;
  let imageAuthor: string;
  let textCase: string;
  let image: Buffer;
  let classifier: TestStaff;
  let namedCase: string;
  let namedImage: Buffer;

  before(async () => {
    image = await patternImage(41, 640, 480);
    dataDir = mkdtempSync(join(tmpdir(), 'vigie-console-'));
    store = await Store.open({ dataDir });
    // The operator says the company executed NCMEC's industry MOU: the decision form offers the classification.
    t = await staffTestApp(store, { ncmec: { industryMou: true } });
    // The browser keeps the session cookie by the real clock: the server's must agree.
    t.clock.now = new Date();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    reviewer = await addStaff(t, 'reviewer-ana', 'reviewer');
    second = await addStaff(t, 'reviewer-ben', 'reviewer');
    triage = await addStaff(t, 'triage-tom', 'triage');
    senior = await addStaff(t, 'lead-lea', 'policy_lead');
    legal = await addStaff(t, 'legal-leo', 'legal');
    admin = await addStaff(t, 'admin-ada', 'admin');
    classifier = await addStaff(t, 'reviewer-cai', 'reviewer');

    imageAuthor = await seedAccount(t);
    imagePost = freshId('post');
    const posted = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: imagePost,
        kind: 'post',
        author: { id: imageAuthor },
        text: 'A placeholder caption for the browser test.',
        media: [{ id: 'm1', data: image.toString('base64') }],
        createdAt: t.clock.now.toISOString(),
      },
    });
    assert.equal(posted.statusCode, 201, posted.body);
    imageCase = (await seedReport(t, { kind: 'content', id: imagePost }, { reason: 'sexual-image-of-child' })).caseId!;
    // The second case opens a second later, so that "the next case" is the first one.
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    const author = await seedAccount(t);
    const textPost = freshId('post');
    const posted2 = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: textPost,
        kind: 'post',
        author: { id: author },
        text: 'Another placeholder post.',
        media: [{ id: 'm1', data: (await patternImage(42, 320, 240)).toString('base64') }],
        createdAt: t.clock.now.toISOString(),
      },
    });
    assert.equal(posted2.statusCode, 201, posted2.body);
    textCase = (await seedReport(t, { kind: 'content', id: textPost }, { reason: 'sexual-image-of-child' })).caseId!;
    assert.ok(imageCase && textCase && imageCase !== textCase);
    // A third case, opened last so that "the next case" never reaches it: a post whose file
    // the uploader named with markup, which the console must show as text.
    t.clock.now = new Date(t.clock.now.getTime() + 1000);
    namedImage = await patternImage(43, 320, 240);
    const namedPost = freshId('post');
    const posted3 = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: namedPost,
        kind: 'post',
        author: { id: await seedAccount(t) },
        text: 'A third placeholder post.',
        media: [{ id: 'm1', data: namedImage.toString('base64'), originalFileName: '<b>not bold</b>.png' }],
        createdAt: t.clock.now.toISOString(),
      },
    });
    assert.equal(posted3.statusCode, 201, posted3.body);
    namedCase = (await seedReport(t, { kind: 'content', id: namedPost }, { reason: 'sexual-image-of-child' })).caseId!;
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await t?.app.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh browser profile whose page reports anything its CSP refused. */
  async function open(): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    return { context, page, refused };
  }

  /** `step`: a later TOTP step, for a second sign-in of the same member (a code is never accepted twice). */
  async function signIn(page: Page, who: TestStaff, step = 0): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Username').fill(who.username);
    await page.getByLabel('Password').fill(who.password);
    await page.getByLabel('Code from your authenticator app').fill(codeFor(t, who, step * 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review queues' }).waitFor();
  }

  async function caseEvents(id: string) {
    return eventsOf(store.db, { kind: 'case', id });
  }

  test('the sign-in page renders in English and in French, under its CSP, with no serious axe finding', async () => {
    const { context, page, refused } = await open();
    try {
      const res = await page.goto(`${base}/console/`);
      assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
      assert.deepEqual(await seriousFindings(page), []);
      await page.getByLabel('Language', { exact: true }).selectOption('fr');
      await page.getByRole('heading', { name: 'Connexion de l’équipe' }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      assert.deepEqual(await seriousFindings(page), []);
      await page.getByLabel('Langue', { exact: true }).selectOption('en');
      assert.deepEqual(refused, []);
    } finally {
      await context.close();
    }
  });

  test('a reviewer takes the next case with one key, sees the media blurred, reveals one item, decides with the preview, and the enforcement is recorded; a second reviewer cannot take the leased case', async () => {
    const a = await open();
    const b = await open();
    try {
      const { page } = a;
      await signIn(page, reviewer);
      assert.deepEqual(await seriousFindings(page), []);
      await page.screenshot({ path: join(SHOTS, 'console-queues.png') });

      // The urgent queue holds both cases; the older one comes first.
      const preview = page.waitForResponse((r) => r.url().includes(`/media/`) && !r.url().includes('view=full'));
      await page.getByRole('radio', { name: 'user-reports' }).waitFor();
      await page.keyboard.press('n');
      await page.getByRole('heading', { level: 1, name: `Case ${imageCase}` }).waitFor();
      const shown = await preview;
      assert.equal(shown.status(), 200);
      assert.equal(shown.headers()['cache-control'], 'no-store');
      const previewBytes = await shown.body();
      assert.notDeepEqual(previewBytes, image, 'the browser got a preview made by the server, not the file');
      const img = page.getByRole('img', { name: /^Blurred preview of item 1/ });
      await img.waitFor();
      assert.ok(
        await img.evaluate(
          (el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete && (el as unknown as { naturalWidth: number }).naturalWidth > 0,
        ),
      );
      assert.equal((await caseEvents(imageCase)).filter((e) => e.type === 'media.revealed').length, 0, 'nothing is revealed before the click');
      assert.deepEqual(await seriousFindings(page), []);
      await page.screenshot({ path: join(SHOTS, 'console-case-blurred.png'), fullPage: true });

      // The second reviewer opens the same case and tries to take it.
      await signIn(b.page, second);
      await b.page.goto(`${base}/console/#/cases/${encodeURIComponent(imageCase)}`);
      await b.page.getByRole('button', { name: 'Claim this case' }).click();
      await b.page
        .getByRole('status')
        .filter({ hasText: /claim|held|holds/i })
        .waitFor();
      assert.equal(await b.page.getByRole('heading', { name: 'Decision' }).count(), 0, 'no decision form for someone without the claim');

      // Revealing is one deliberate click on one item, and it is in the log.
      const full = page.waitForResponse((r) => r.url().includes('view=full'));
      await page.getByRole('button', { name: 'Reveal this item' }).click();
      assert.equal((await full).status(), 200);
      await page.getByRole('button', { name: 'Blur again' }).waitFor();
      const revealed = (await caseEvents(imageCase)).filter((e) => e.type === 'media.revealed');
      assert.equal(revealed.length, 1);
      assert.equal(revealed[0]!.actor.id, reviewer.id);
      assert.equal((revealed[0]!.payload as { sha256: string }).sha256.length, 64);
      await page.getByRole('button', { name: 'Blur again' }).click();

      // The decision: a violation with intent, previewed, then decided.
      await page.getByLabel('Sexualised comments about a minor').check();
      await page.getByLabel('With malicious intent').check();
      await page.getByRole('button', { name: 'Preview the actions' }).click();
      await page.getByRole('heading', { name: 'What this decision will do' }).waitFor();
      assert.match((await page.locator('.preview-box').textContent()) ?? '', /suspend/i);
      assert.deepEqual(await seriousFindings(page), []);
      await page.screenshot({ path: join(SHOTS, 'console-decision-preview.png'), fullPage: true });
      await page.getByRole('button', { name: 'Decide', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Decision recorded.' }).waitFor();

      const accountEvents = await eventsOf(store.db, { kind: 'account', id: imageAuthor });
      assert.ok(
        accountEvents.some((e) => e.type === 'action.taken' && (e.payload as { action?: string }).action === 'suspend_account'),
        `the suspension is recorded: ${accountEvents.map((e) => e.type).join(', ')}`,
      );
      assert.ok((await caseEvents(imageCase)).some((e) => e.type === 'case.decided' && e.actor.id === reviewer.id));
      assert.deepEqual(a.refused, [], 'nothing was refused by the console’s CSP');
      assert.deepEqual(b.refused, []);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });

  test('a triage member sees the case but has no decision form, and the API refuses their decision', async () => {
    const { context, page } = await open();
    try {
      await signIn(page, triage);
      await page.goto(`${base}/console/#/cases/${encodeURIComponent(textCase)}`);
      await page.getByRole('heading', { level: 1, name: `Case ${textCase}` }).waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Decision' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Reveal this item' }).count(), 0, 'triage works from blurred previews only');
      const status = await page.evaluate(async (id) => {
        const me = (await (await fetch('/v1/staff/me')).json()) as { csrfToken: string };
        const res = await fetch(`/v1/cases/${encodeURIComponent(id)}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ clauses: ['content.sexualised-comment-minor'], malicious: true }),
        });
        return res.status;
      }, textCase);
      assert.equal(status, 403);
      assert.deepEqual(await seriousFindings(page), []);
    } finally {
      await context.close();
    }
  });

  test('a reviewer finds an exception with a justification and a senior confirms it from the exceptions page; the console renders in French', async () => {
    const a = await open();
    const s = await open();
    try {
      await signIn(a.page, reviewer, 1);
      await a.page.getByRole('radio', { name: 'user-reports' }).waitFor();
      await a.page.keyboard.press('n');
      await a.page.getByRole('heading', { level: 1, name: `Case ${textCase}` }).waitFor();
      await a.page.getByLabel('Exception (needs a senior reviewer)').check();
      await a.page.getByLabel('Depictions of a child').check();
      await a.page.getByLabel('Without malicious intent').check();
      await a.page.getByLabel('Which exception').selectOption('exception.news-reporting');
      await a.page.getByLabel('Justification for the senior reviewer').fill('A placeholder justification: a news report.');
      await a.page.getByRole('button', { name: 'Preview the actions' }).click();
      await a.page.getByText('Waits for a senior reviewer’s confirmation.').waitFor();
      await a.page.getByRole('button', { name: 'Decide', exact: true }).click();
      await a.page.getByRole('status').filter({ hasText: 'Decision recorded.' }).waitFor();

      await signIn(s.page, senior);
      await s.page.getByLabel('Language', { exact: true }).selectOption('fr');
      await s.page.getByRole('heading', { level: 1, name: 'Files de revue' }).waitFor();
      assert.deepEqual(await seriousFindings(s.page), []);
      await s.page.getByRole('link', { name: 'Exceptions à confirmer' }).click();
      await s.page.getByRole('heading', { level: 1, name: 'Exceptions en attente de votre confirmation' }).waitFor();
      assert.deepEqual(await seriousFindings(s.page), []);
      await s.page.getByRole('button', { name: 'Confirmer l’exception' }).click();
      await s.page.getByText('Aucun.').waitFor();
      const events = await caseEvents(textCase);
      assert.ok(
        events.some((e) => e.type === 'case.decided' && e.actor.id === senior.id),
        events.map((e) => `${e.type}:${e.actor.id}`).join(', '),
      );
      const comments = events.filter((e) => e.type === 'case.commented');
      assert.ok(comments.some((e) => JSON.stringify(e.payload).includes('placeholder justification')));
    } finally {
      await a.context.close();
      await s.context.close();
    }
  });

  test('with the industry MOU setting, a violation classifies each file from the keyboard (labelled, described); the uploader’s file name is text', async () => {
    const { context, page, refused } = await open();
    try {
      await signIn(page, classifier);
      await page.goto(`${base}/console/#/cases/${encodeURIComponent(namedCase)}`);
      await page.getByRole('heading', { level: 1, name: `Case ${namedCase}` }).waitFor();
      const caption = page.locator('.media-tile .file-name');
      await caption.waitFor();
      assert.equal(await caption.textContent(), 'Uploader’s file name: <b>not bold</b>.png', 'shown as the characters sent');
      assert.equal(await page.locator('.media-tile b').count(), 0, 'never as markup');
      await page.getByRole('button', { name: 'Claim this case' }).click();
      await page.getByRole('heading', { name: 'Decision' }).waitFor();

      const select = page.getByLabel('File 1 (image/png)');
      assert.equal(await select.count(), 0, 'no clause yet');
      await page.getByLabel('Sexualised comments about a minor').check();
      assert.equal(await select.count(), 0, 'not offered with a clause the policy does not report to NCMEC');
      await page.getByLabel('Sexualised comments about a minor').uncheck();
      await page.getByLabel('Depictions of a child').check();
      assert.equal(await select.count(), 1, 'offered with a violation that is reported');
      await page.getByLabel('No violation').check();
      assert.equal(await select.count(), 0, 'not offered without a violation');
      await page.getByLabel('Exception (needs a senior reviewer)').check();
      assert.equal(await select.count(), 0, 'nor with an exception');
      await page.getByLabel('Violation', { exact: true }).check();
      await page.getByLabel('With malicious intent').check();
      assert.match((await select.getAttribute('aria-describedby')) ?? '', /industry-class-hint/);
      assert.match((await page.locator('#industry-class-hint').textContent()) ?? '', /age group/);
      assert.deepEqual(await select.locator('option').allTextContents(), [
        'Not classified',
        'A1: prepubescent child, category 1 (more severe)',
        'A2: prepubescent child, category 2 (less severe)',
        'B1: pubescent child, category 1 (more severe)',
        'B2: pubescent child, category 2 (less severe)',
      ]);
      // From the keyboard: Tab from the intent reaches the select; the arrow keys choose.
      await page.getByLabel('With malicious intent').focus();
      const focused = () => select.evaluate((el) => (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el);
      for (let i = 0; i < 10 && !(await focused()); i++) await page.keyboard.press('Tab');
      assert.ok(await focused(), 'the select is reached with Tab');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await select.inputValue(), 'A2');
      assert.deepEqual(await seriousFindings(page), []);

      await page.getByRole('button', { name: 'Preview the actions' }).click();
      await page.getByRole('heading', { name: 'What this decision will do' }).waitFor();
      await page.getByRole('button', { name: 'Decide', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Decision recorded.' }).waitFor();
      const decided = (await caseEvents(namedCase)).find((e) => e.type === 'case.decided');
      const sha256 = createHash('sha256').update(namedImage).digest('hex');
      assert.deepEqual(decided?.type === 'case.decided' ? decided.payload.industryClassifications : null, { [sha256]: 'A2' });
      assert.deepEqual(refused, []);
    } finally {
      await context.close();
    }
  });

  test('another reviewer takes the appeal and overturns it (the one who decided cannot); the figures and the legal pages pass axe', async () => {
    const decider = await addStaff(t, 'reviewer-cy', 'reviewer');
    const { appealId, author } = await seedAppeal(t, decider.id);
    const a = await open();
    const b = await open();
    const l = await open();
    try {
      // The reviewer who suspended the account is never given the appeal.
      await signIn(a.page, decider);
      await a.page.getByRole('link', { name: 'Appeals' }).click();
      await a.page.getByRole('heading', { level: 1, name: 'Appeals' }).waitFor();
      await a.page.getByRole('button', { name: 'Take the next appeal' }).click();
      await a.page.getByRole('status').filter({ hasText: 'No appeal is waiting for you.' }).waitFor();

      await signIn(b.page, second, 1);
      await b.page.getByRole('link', { name: 'Appeals' }).click();
      await b.page.getByRole('button', { name: 'Take the next appeal' }).click();
      await b.page.getByRole('heading', { level: 1, name: `Appeal ${appealId}` }).waitFor();
      assert.match((await b.page.textContent('main')) ?? '', /please look again/);
      assert.deepEqual(await seriousFindings(b.page), []);
      await b.page.getByLabel('Overturn it (restore the account and the content)').check();
      await b.page.getByLabel('Reason (the person will read it)').fill('A placeholder reason: the report was mistaken.');
      await b.page.getByRole('button', { name: 'Decide', exact: true }).click();
      await b.page.getByRole('heading', { level: 1, name: 'Appeals' }).waitFor();
      const events = await eventsOf(store.db, { kind: 'account', id: author });
      assert.ok(
        events.some((e) => e.type === 'action.reverted' || (e.type === 'action.taken' && (e.payload as { action?: string }).action === 'restore_account')),
        events.map((e) => e.type).join(', '),
      );

      await b.page.getByRole('link', { name: 'Figures' }).click();
      await b.page.getByRole('heading', { level: 1, name: 'Figures per week' }).waitFor();
      await b.page.getByRole('img', { name: 'Restrictions per week' }).waitFor();
      assert.deepEqual(await seriousFindings(b.page), []);

      await signIn(l.page, legal);
      await l.page.getByRole('link', { name: 'Legal' }).click();
      for (const tab of ['CyberTipline drafts to approve', 'CyberTipline reports', 'Preservation holds', 'INHOPE referrals']) {
        await l.page.getByRole('link', { name: tab, exact: true }).click();
        await l.page.getByRole('heading', { level: 2, name: tab }).waitFor();
        assert.deepEqual(await seriousFindings(l.page), [], tab);
      }
      // A draft approved with an escalation: the reason is asked for first, then sent.
      await l.page.getByRole('link', { name: 'CyberTipline drafts to approve', exact: true }).click();
      const draft = l.page
        .getByRole('row')
        .filter({ has: l.page.getByRole('button', { name: /^Approve / }) })
        .first();
      await draft.getByText('Escalate to high priority').click();
      const send = draft.getByRole('button', { name: /^Approve and escalate/ });
      assert.equal(await send.isDisabled(), true, 'no escalation without its reason');
      await draft.getByLabel('Why a child is at immediate risk (sent to NCMEC)').fill('Placeholder: a meeting is planned for tomorrow.');
      const id = (await draft.locator('code').first().textContent())!;
      await send.click();
      await l.page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
      const approval = await t.ctx.store.db
        .selectFrom('events')
        .select('payload_json')
        .where('type', '=', 'cybertip.approved')
        .where('subject_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(approval.payload_json).escalateToHighPriority, 'Placeholder: a meeting is planned for tomorrow.');
      assert.deepEqual([...a.refused, ...b.refused, ...l.refused], []);
    } finally {
      await a.context.close();
      await b.context.close();
      await l.context.close();
    }
  });

  test('an admin’s pages (staff, API keys, banks, webhooks, wellness limits) pass axe, and the wellness limits bind reviewers', async () => {
    const { context, page, refused } = await open();
    try {
      await signIn(page, admin);
      await page.getByRole('link', { name: 'Administration' }).click();
      for (const tab of ['Staff users', 'API keys', 'Banks', 'Webhooks', 'Wellness limits']) {
        await page.getByRole('link', { name: tab, exact: true }).click();
        await page.getByRole('heading', { level: 2, name: tab === 'Webhooks' ? 'Endpoints' : tab }).waitFor();
        assert.deepEqual(await seriousFindings(page), [], tab);
      }
      await page.getByLabel('Least blur a reviewer may choose').fill('20');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const limits = await t.app.inject({
        method: 'GET',
        url: '/v1/staff/me/settings',
        headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      assert.equal(limits.statusCode, 200, limits.body);
      assert.equal((limits.json() as { limits: { minBlurSigma: number } }).limits.minBlurSigma, 20);
      assert.deepEqual(refused, []);
    } finally {
      await context.close();
    }
  });

  test('the console’s assets carry hashed names and a year of cache; the page is revalidated', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/console/' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-cache');
    const asset = /\/console\/assets\/(index-[A-Za-z0-9_-]{6,}\.js)/.exec(page.body);
    assert.ok(asset, 'the script has a content hash in its name');
    const js = await t.app.inject({ method: 'GET', url: `/console/assets/${asset[1]}` });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /max-age=31536000/);
    assert.match(String(js.headers['cache-control']), /immutable/);
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  });
});
