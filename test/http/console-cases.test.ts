// The console's case API on both stores: the case file (subject, signals with why they fired,
// reporters' track records, the account behind the case, what the caller may do), media
// served blurred by default and unblurred only after the same reviewer's logged reveal, and
// the queue filters, held cases and pending exceptions.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { freshId, seedAccount, seedPost, seedReport, seedReportedPost, seedStaff, type SignedIn } from '../support/seed.js';
import { seedImageCase, seedImagePost } from './console-seed.js';
import { makeClip, skipWithoutFfmpeg } from '../support/ffmpeg.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { eventsOf } from '../../src/store/log-store.js';
import { verifyLog } from '../../src/services/log/verify-log.js';

const SYSTEM = { kind: 'system' as const, id: null };

/** Mean absolute difference between horizontal neighbours: how much fine detail a picture keeps. */
async function detail(bytes: Buffer): Promise<number> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let n = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 1; x < info.width; x++) {
      sum += Math.abs(data[y * info.width + x]! - data[y * info.width + x - 1]!);
      n++;
    }
  return sum / n;
}

/** Whether every pixel has (within lossy WebP's rounding) equal red, green and blue. */
async function isGrey(bytes: Buffer): Promise<boolean> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return true;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 3) return false;
  }
  return true;
}

describeEachStore('the console’s case API', (store) => {
  let t: TestApp;
  let reviewer: SignedIn;
  let other: SignedIn;
  let lead: SignedIn;
  let triage: SignedIn;
  let admin: SignedIn;
  after(async () => t?.app.close());

  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store());
    reviewer = await seedStaff(t, 'reviewer');
    other = await seedStaff(t, 'reviewer');
    lead = await seedStaff(t, 'policy_lead');
    triage = await seedStaff(t, 'triage');
    admin = await seedStaff(t, 'admin');
  }
  const inject = (s: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: s.session.headers(), ...(payload !== undefined ? { payload: payload as object } : {}) });

  test('the case file: the post and its media, a hash match with its bank, provenance, type and distance, the report, the reporter’s record, the author’s past', async () => {
    await ready();
    const author = await seedAccount(t);
    // The author's earlier post, reported by the same reporter and found a violation.
    const reporter = freshId('reporter');
    const earlier = await seedPost(t, { author });
    const first = await seedReport(t, { kind: 'content', id: earlier.id }, { reporter });
    await inject(reviewer, 'POST', `/v1/cases/${first.caseId}/claim`);
    const decided = await inject(reviewer, 'POST', `/v1/cases/${first.caseId}/decision`, { clauses: ['content.sexualised-comment-minor'], malicious: false });
    assert.equal(decided.statusCode, 200, decided.body);

    // A bank (unverified, so a person decides) holds the image's digest: ingest records a hash match.
    const image = await seedImagePost(t, { author: await seedAccount(t) });
    const bank = await createBank(
      store(),
      { name: freshId('partner-list'), hashType: 'sha256', source: 'partner-x', verified: false },
      SYSTEM,
      t.clock.now.toISOString(),
    );
    await importEntries(store(), bank, [{ hash: image.sha256 }], SYSTEM, t.clock.now.toISOString());
    await t.ctx.knownMaterial.refresh();
    const post = freshId('matched');
    const ingested = await t.app.inject({
      method: 'POST',
      url: '/v1/content',
      headers: t.auth(),
      payload: {
        id: post,
        kind: 'post',
        author: { id: author },
        text: 'look',
        links: ['https://elsewhere.example/a'],
        media: [{ id: 'pic', data: image.bytes.toString('base64'), originalFileName: 'beach <day>.png' }],
        createdAt: t.clock.now.toISOString(),
      },
    });
    assert.equal(ingested.statusCode, 201, ingested.body);
    const caseId = ingested.json().review?.caseId ?? (await seedReport(t, { kind: 'content', id: post })).caseId;
    const filed = await seedReport(t, { kind: 'content', id: post }, { reporter, reason: 'sexual-image-of-child' });
    assert.equal(filed.caseId, caseId, 'the report joins the open case');

    const res = await inject(reviewer, 'GET', `/v1/cases/${caseId}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.subject.kind, 'content');
    assert.equal(body.subject.id, post);
    assert.equal(body.subject.authorId, author);
    assert.equal(body.subject.text, 'look');
    assert.deepEqual(body.subject.links, ['https://elsewhere.example/a']);
    assert.deepEqual(body.subject.media, [
      { id: 'pic', sha256: image.sha256, type: 'image/png', size: image.bytes.length, originalFileName: 'beach <day>.png' },
    ]);
    assert.equal(body.subject.state, 'active');

    const hash = body.signals.find((s: { source: string }) => s.source === 'hash');
    assert.ok(hash, JSON.stringify(body.signals));
    assert.deepEqual(
      [hash.evidence.bank, hash.evidence.provenance, hash.evidence.hashType, hash.evidence.distance, hash.evidence.verified, hash.clause],
      [bank.name, 'partner-x', 'sha256', 0, false, 'content.visual-depiction'],
    );
    const report = body.signals.find((s: { source: string }) => s.source === 'report');
    assert.deepEqual([report.clause, report.evidence.reason], ['content.visual-depiction', 'sexual-image-of-child']);

    const mine = body.reports.find((r: { id: string }) => r.id === filed.reportId);
    assert.deepEqual(mine.reporter, { kind: 'account', muted: false, trackRecord: { filed: 1, actioned: 1, dismissed: 0 } });
    assert.equal(JSON.stringify(body).includes(reporter), false, 'reviewers never see who reported');

    assert.equal(body.account.id, author);
    // Not malicious: the account is locked until the earlier post is deleted.
    assert.equal(body.account.state, 'locked');
    assert.deepEqual(
      body.account.locks.map((l: { contentIds: string[]; active: boolean }) => [l.contentIds, l.active]),
      [[[earlier.id], true]],
    );
    assert.deepEqual(
      body.account.earlierDecisions.map((d: { caseId: string; outcome: string; clauses: string[] }) => [d.caseId, d.outcome, d.clauses]),
      [[first.caseId, 'act', ['content.sexualised-comment-minor']]],
    );
    assert.deepEqual(body.account.linkedAccounts, []);
    assert.deepEqual([body.canDecide, body.canReveal, body.youHold], [true, true, false]);
    assert.equal(body.industryClassification, false, 'no industry classification without VIGIE_NCMEC_INDUSTRY_MOU');
    assert.ok(body.history.some((h: { type: string }) => h.type === 'report.filed'));

    const claimed = await inject(reviewer, 'POST', `/v1/cases/${caseId}/claim`);
    assert.equal(claimed.statusCode, 200, claimed.body);
    assert.equal((await inject(reviewer, 'GET', `/v1/cases/${caseId}`)).json().youHold, true);
    const asTriage = (await inject(triage, 'GET', `/v1/cases/${caseId}`)).json();
    assert.deepEqual([asTriage.canDecide, asTriage.canReveal, asTriage.youHold], [false, false, false]);
    await inject(reviewer, 'POST', `/v1/cases/${caseId}/release`, {});
  });

  test('a conversation’s case shows the messages that made it and the spans the rules fired on', async () => {
    await ready();
    const kid = freshId('kid');
    const grown = freshId('grown');
    for (const [id, minor] of [
      [kid, true],
      [grown, false],
    ] as const)
      await t.app.inject({ method: 'PUT', url: `/v1/accounts/${id}`, headers: t.auth(), payload: { minor } });
    const texts = ['hey, how old are you?', 'do your parents check your phone?', "let's keep this between us, add me on snapchat"];
    let caseId: string | undefined;
    for (const text of texts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: t.auth(),
        payload: { id: freshId('dm'), kind: 'direct_message', author: { id: grown }, recipient: { id: kid }, text, createdAt: t.clock.now.toISOString() },
      });
      assert.equal(res.statusCode, 201, res.body);
      caseId = res.json().review?.caseId ?? caseId;
    }
    assert.ok(caseId, 'the conversation opened a case');
    const body = (await inject(reviewer, 'GET', `/v1/cases/${caseId}`)).json();
    assert.equal(body.subject.kind, 'conversation');
    assert.deepEqual(new Set(body.subject.participants), new Set([grown, kid]));
    assert.ok(body.subject.messages.length >= 3);
    const first = body.subject.messages.find((m: { text: string }) => m.text === texts[0]);
    const span = first.spans.find((s: { family: string }) => s.family === 'age-probing');
    assert.ok(span, JSON.stringify(first));
    assert.ok(texts[0]!.slice(span.start, span.end).toLowerCase().includes('how old'));
    assert.equal(span.rule, 'en.age-probing.how-old', 'the rule that fired');
    const text = body.signals.find((s: { source: string; signal: string }) => s.source === 'text' && s.signal === 'age-probing');
    assert.ok(text.evidence.rule && text.evidence.spans.length > 0, JSON.stringify(text));
    assert.equal(body.account.id, grown);

    // The queue filters see the language of the rules that fired and where the signals came from.
    const queue = body.case.queue as string;
    const listed = async (query: string) =>
      ((await inject(triage, 'GET', `/v1/queues/${queue}/cases?${query}`)).json().cases as { id: string }[]).some((c) => c.id === caseId);
    assert.deepEqual(
      [
        await listed('language=en'),
        await listed('language=fr'),
        await listed('source=text'),
        await listed('source=report'),
        await listed('clause=behaviour.grooming'),
      ],
      [true, false, true, false, true],
    );
  });

  test('an account’s case: its items, and the suspended accounts the block registry links it to (by kind, never value)', async () => {
    await ready();
    const email = `${freshId('shared')}@example.org`;
    const suspended = await seedAccount(t, freshId('acct'), { identifiers: { email } });
    const { caseId: first } = await seedReport(t, { kind: 'account', id: suspended }, { reason: 'asking-for-material' });
    assert.ok(first);
    await inject(reviewer, 'POST', `/v1/cases/${first}/claim`);
    const decided = await inject(reviewer, 'POST', `/v1/cases/${first}/decision`, { clauses: ['behaviour.obtain-material'], malicious: true });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.ok(
      decided.json().actions.some((a: { kind: string }) => a.kind === 'suspend_account'),
      decided.body,
    );
    await t.ctx.blockRegistry.current?.settled();

    const newcomer = await seedAccount(t, freshId('acct'), { identifiers: { email } });
    const { caseId } = await seedReport(t, { kind: 'account', id: newcomer }, { reason: 'adult-contacting-child' });
    const body = (await inject(reviewer, 'GET', `/v1/cases/${caseId}`)).json();
    assert.equal(body.subject.kind, 'account');
    assert.equal(body.subject.id, newcomer);
    assert.deepEqual(body.subject.items, []);
    const linked = body.account.linkedAccounts.find((l: { id: string }) => l.id === suspended);
    assert.ok(linked, JSON.stringify(body.account));
    assert.deepEqual([linked.state, linked.kinds], ['suspended', ['email']]);
    assert.equal(JSON.stringify(body).includes(email), false, 'identifier values never reach the console');
  });

  test('media are blurred and greyscale by default; unblurred only after the same reviewer’s reveal, which the log keeps', async () => {
    await ready();
    const c = await seedImageCase(t);
    const url = `/v1/cases/${c.caseId}/media/${c.sha256}`;
    const preview = await inject(triage, 'GET', url);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.headers['content-type'], 'image/webp');
    assert.equal(preview.headers['cache-control'], 'no-store');
    assert.equal(preview.headers['x-content-type-options'], 'nosniff');
    assert.equal(preview.headers['content-disposition'], 'inline');
    const meta = await sharp(preview.rawPayload).metadata();
    assert.ok(meta.width! <= 512 && meta.height! <= 512);
    assert.ok(await isGrey(preview.rawPayload), 'greyscale by default');
    const original = await sharp(c.bytes).resize(meta.width, meta.height).png().toBuffer();
    assert.ok((await detail(preview.rawPayload)) < (await detail(original)) / 3, 'the preview is strongly blurred');

    assert.equal((await inject(reviewer, 'GET', `${url}?view=full`)).statusCode, 403, 'nothing unblurred before a reveal');
    assert.equal((await inject(triage, 'POST', `${url}/reveal`)).statusCode, 403, 'triage does not reveal');
    assert.equal((await inject(triage, 'GET', `${url}?view=full`)).statusCode, 403);
    const revealed = await inject(reviewer, 'POST', `${url}/reveal`);
    assert.equal(revealed.statusCode, 200, revealed.body);
    assert.deepEqual(revealed.json(), { revealed: true, contentId: c.post, mediaId: 'm1' });
    const full = await inject(reviewer, 'GET', `${url}?view=full`);
    assert.equal(full.statusCode, 200, full.body);
    assert.equal(full.headers['cache-control'], 'no-store');
    assert.ok((await detail(full.rawPayload)) > (await detail(preview.rawPayload)) * 3, 'the revealed item is not blurred');
    assert.equal((await inject(other, 'GET', `${url}?view=full`)).statusCode, 403, 'a reveal is one reviewer’s');
    // Revealing again writes nothing more.
    await inject(reviewer, 'POST', `${url}/reveal`);
    const reveals = (await eventsOf(store().db, { kind: 'case', id: c.caseId })).filter((e) => e.type === 'media.revealed');
    assert.equal(reveals.length, 1);
    assert.deepEqual(reveals[0]!.payload, { sha256: c.sha256, contentId: c.post, mediaId: 'm1' });
    assert.equal(reveals[0]!.actor.id, reviewer.id);

    const elsewhere = await seedImageCase(t);
    assert.equal((await inject(reviewer, 'GET', `/v1/cases/${c.caseId}/media/${elsewhere.sha256}`)).statusCode, 404, 'only the case’s own media');
    assert.equal((await inject(reviewer, 'POST', `/v1/cases/${c.caseId}/media/${elsewhere.sha256}/reveal`)).statusCode, 404);
    assert.equal((await inject(reviewer, 'GET', `/v1/cases/${c.caseId}/media/not-a-digest`)).statusCode, 400);
    // A reviewer of another platform does not see this case, nor its media.
    const made = await inject(admin, 'POST', '/v1/admin/platforms', { id: 'forum-2', name: 'Forum 2' });
    assert.equal(made.statusCode, 201, made.body);
    const outsider = await seedStaff(t, 'reviewer', ['forum-2']);
    assert.equal((await inject(outsider, 'GET', `/v1/cases/${c.caseId}`)).statusCode, 404);
    assert.equal((await inject(outsider, 'GET', url)).statusCode, 404);
    assert.equal((await inject(outsider, 'POST', `${url}/reveal`)).statusCode, 404);
    assert.equal((await verifyLog(store())).ok, true);
  });

  test('the preview follows the reviewer’s settings within the admin’s limits', async () => {
    await ready();
    const c = await seedImageCase(t);
    const url = `/v1/cases/${c.caseId}/media/${c.sha256}`;
    const defaults = await inject(other, 'GET', '/v1/staff/me/settings');
    assert.deepEqual(
      { ...(defaults.json() as object), limits: undefined },
      { blurSigma: 24, greyscale: true, autoplayMuted: true, textCollapsed: true, breakEveryMinutes: 50, language: 'en', limits: undefined },
    );
    const light = await inject(other, 'PUT', '/v1/staff/me/settings', { blurSigma: 8, greyscale: false, language: 'fr' });
    assert.equal(light.statusCode, 200, light.body);
    assert.deepEqual([light.json().blurSigma, light.json().greyscale, light.json().language, light.json().textCollapsed], [8, false, 'fr', true]);
    const colour = await inject(other, 'GET', url);
    assert.equal(await isGrey(colour.rawPayload), false, 'in colour when the reviewer chose it');
    const strong = await inject(reviewer, 'GET', url);
    assert.ok((await detail(colour.rawPayload)) > (await detail(strong.rawPayload)), 'a lighter blur keeps more detail');

    assert.equal((await inject(other, 'PUT', '/v1/staff/me/settings', { blur: 'off' })).statusCode, 400, 'unknown fields are refused');
    const tooLight = await inject(other, 'PUT', '/v1/staff/me/settings', { blurSigma: 5 });
    assert.equal(tooLight.statusCode, 400);
    assert.match(tooLight.json().detail, /below the minimum of 8/);
    assert.equal((await inject(other, 'PUT', '/v1/staff/me/settings', { blurSigma: 1 })).statusCode, 400, 'never below the floor');
    assert.equal((await inject(other, 'PUT', '/v1/staff/me/settings', { breakEveryMinutes: 120 })).statusCode, 400);

    const limits = await inject(admin, 'PUT', '/v1/admin/wellness-limits', { minBlurSigma: 16, greyscaleRequired: true, maxBreakEveryMinutes: 45 });
    assert.equal(limits.statusCode, 200, limits.body);
    assert.deepEqual(limits.json(), { minBlurSigma: 16, greyscaleRequired: true, maxBreakEveryMinutes: 45 });
    assert.equal((await inject(reviewer, 'PUT', '/v1/admin/wellness-limits', { minBlurSigma: 4 })).statusCode, 403);
    const held = (await inject(other, 'GET', '/v1/staff/me/settings')).json();
    assert.deepEqual([held.blurSigma, held.greyscale, held.breakEveryMinutes], [16, true, 45], 'tighter limits apply at once');
    assert.ok(await isGrey((await inject(other, 'GET', url)).rawPayload));
    const refused = await inject(other, 'PUT', '/v1/staff/me/settings', { greyscale: false });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().detail, /greyscale is required/);

    const staffEvents = (await eventsOf(store().db, { kind: 'staff', id: other.id })).filter((e) => e.type === 'staff.settings_changed');
    assert.equal(staffEvents.length, 1);
    assert.deepEqual(staffEvents[0]!.payload, {
      changes: { blurSigma: { from: 24, to: 8 }, greyscale: { from: true, to: false }, language: { from: 'en', to: 'fr' } },
    });
    const limitEvents = (await eventsOf(store().db, { kind: 'system', id: 'wellness-limits' })).filter((e) => e.type === 'wellness.limits_changed');
    assert.equal(limitEvents.length, 1);
    assert.equal(limitEvents[0]!.actor.id, admin.id);
    // Back as they were, for the other tests.
    await inject(admin, 'PUT', '/v1/admin/wellness-limits', { minBlurSigma: 8, greyscaleRequired: false, maxBreakEveryMinutes: 90 });
  });

  test('a video is previewed by its first frame, blurred', { skip: skipWithoutFfmpeg() }, async () => {
    await ready();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-clip-'));
    try {
      makeClip(join(dir, 'clip.mp4'), { seconds: 1 });
      const bytes = readFileSync(join(dir, 'clip.mp4'));
      const post = freshId('clip');
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/content',
        headers: t.auth(),
        payload: {
          id: post,
          kind: 'post',
          author: { id: await seedAccount(t) },
          media: [{ id: 'v', data: bytes.toString('base64') }],
          createdAt: t.clock.now.toISOString(),
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const { caseId } = await seedReport(t, { kind: 'content', id: post });
      const sha = (await inject(reviewer, 'GET', `/v1/cases/${caseId}`)).json().subject.media[0].sha256 as string;
      const preview = await inject(reviewer, 'GET', `/v1/cases/${caseId}/media/${sha}`);
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.headers['content-type'], 'image/webp');
      assert.ok(await isGrey(preview.rawPayload));
      await inject(reviewer, 'POST', `/v1/cases/${caseId}/media/${sha}/reveal`);
      const full = await inject(reviewer, 'GET', `/v1/cases/${caseId}/media/${sha}?view=full`);
      assert.equal(full.headers['content-type'], 'video/mp4');
      assert.ok(Buffer.compare(full.rawPayload, bytes) === 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('queues filter by clause, source and urgency; a reviewer sees the cases they hold; seniors see the exceptions waiting', async () => {
    await ready();
    // Empty the queue of what earlier tests left.
    for (;;) {
      const r = await inject(lead, 'POST', '/v1/queues/user-reports/claim');
      if (r.json().case === null) break;
    }
    const low = await seedReportedPost(t, 'promotes-attraction');
    const image = await seedReportedPost(t, 'sexual-image-of-child');
    // Earlier tests' cases stay in the queue (held): only these two are looked at.
    const ours = [low.caseId, image.caseId];
    const listed = async (query: string) =>
      ((await inject(triage, 'GET', `/v1/queues/user-reports/cases?${query}`)).json().cases.map((c: { id: string }) => c.id) as string[]).filter((id) =>
        ours.includes(id),
      );
    assert.deepEqual(await listed('clause=behaviour.normalise-attraction'), [low.caseId]);
    assert.deepEqual(await listed('clause=content.visual-depiction'), [image.caseId]);
    assert.deepEqual(new Set(await listed('source=report')), new Set([low.caseId, image.caseId]));
    assert.deepEqual(await listed('source=hash'), []);
    assert.deepEqual(await listed('urgent=true'), []);
    assert.equal((await inject(triage, 'GET', '/v1/queues/user-reports/cases?source=nonsense')).statusCode, 400);

    // The filtered claim passes over the higher-priority case that does not fit.
    const taken = await inject(reviewer, 'POST', '/v1/queues/user-reports/claim', { clause: 'behaviour.normalise-attraction' });
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().case.id, low.caseId);
    assert.equal(
      (await inject(other, 'POST', '/v1/queues/user-reports/claim?clause=behaviour.normalise-attraction')).json().case,
      null,
      'held: not handed out twice',
    );
    assert.equal((await inject(triage, 'POST', '/v1/queues/user-reports/claim', { clause: 'content.visual-depiction' })).statusCode, 403);

    const mine = (await inject(reviewer, 'GET', '/v1/cases/mine')).json().cases;
    assert.deepEqual(
      mine.map((c: { id: string }) => c.id),
      [low.caseId],
    );
    assert.ok(mine[0].leaseUntil > t.clock.now.toISOString());
    assert.deepEqual((await inject(other, 'GET', '/v1/cases/mine')).json().cases, []);

    // An exception waits for a senior, with the finding.
    await inject(reviewer, 'POST', `/v1/cases/${image.caseId}/claim`);
    const found = await inject(reviewer, 'POST', `/v1/cases/${image.caseId}/decision`, {
      clauses: ['content.visual-depiction'],
      malicious: false,
      exception: 'exception.news-reporting',
    });
    assert.equal(found.json().pendingSenior, true, found.body);
    const waiting = await inject(lead, 'GET', '/v1/exceptions');
    assert.equal(waiting.statusCode, 200, waiting.body);
    const entry = waiting.json().exceptions.find((e: { case: { id: string } }) => e.case.id === image.caseId);
    assert.equal(entry.finding.reviewerId, reviewer.id);
    assert.equal(entry.finding.finding.exception, 'exception.news-reporting');
    assert.equal(entry.yours, false);
    assert.equal((await inject(reviewer, 'GET', '/v1/exceptions')).statusCode, 403);
    const asLead = (await inject(lead, 'GET', `/v1/cases/${image.caseId}`)).json();
    assert.deepEqual([asLead.canConfirm, asLead.canDecide], [true, false]);
    assert.equal((await inject(reviewer, 'GET', `/v1/cases/${image.caseId}`)).json().canConfirm, false, 'not the one who found it');
  });
});
