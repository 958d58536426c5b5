// Transparency on both stores: the weekly figures (restrictions per clause and per source,
// CyberTipline drafts, time to action, appeals and the overturn rate, reports), the public
// page with small counts suppressed and no personal data, and the CSV export of 100,000
// actions streamed in bounded memory (measured while it streams).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describeEachStore } from '../support/stores.js';
import type { TestApp } from '../support/app.js';
import { staffTestApp } from './staff-harness.js';
import { seedAppeal } from './appeal-seed.js';
import { claimAppeal } from '../../src/services/appeals/claim-appeal.js';
import { decideAppeal } from '../../src/services/appeals/decide-appeal.js';
import { permissionsOf } from '../../src/services/staff/roles.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describeEachStore('transparency', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());
  async function ready(): Promise<void> {
    if (t) return;
    t = await staffTestApp(store(), { review: { leaseMs: 15 * 60_000, rulesPath: undefined, publicPlatform: 'default' } });
  }

  test('the weekly figures count restrictions, their sources, reports, CyberTipline drafts and appeals', async () => {
    await ready();
    const { appealId, author } = await seedAppeal(t);
    t.clock.now = new Date(t.clock.now.getTime() + 60 * 60_000);
    const r = { id: 'transparency-reviewer', permissions: permissionsOf('reviewer'), platforms: null };
    await claimAppeal({ store: store(), leaseMs: 60_000, now: () => t.clock.now }, r, appealId);
    await decideAppeal({ store: store(), enforcement: t.ctx.enforcement, blockRegistry: t.ctx.blockRegistry, now: () => t.clock.now }, r, appealId, {
      outcome: 'overturn',
      reason: 'wrong',
    });
    const res = await t.app.inject({ method: 'GET', url: '/v1/stats', headers: t.auth() });
    assert.equal(res.statusCode, 200, res.body);
    const weeks = res.json().weeks as {
      week: string;
      actions: { total: number; byClause: Record<string, number>; bySource: Record<string, number> };
      cybertips: { drafted: number };
      inhopeReferrals: number | null;
      timeToAction: { measured: number; medianSeconds: number };
      appeals: { filed: number; resolved: number; overturned: number; overturnRate: number };
      reports: number;
    }[];
    assert.ok(weeks.length >= 12);
    const week = weeks.find((w) => w.actions.total > 0)!;
    assert.ok(week, res.body.slice(0, 500));
    assert.ok(week.actions.byClause['content.visual-depiction']! >= 2, 'the removal and the suspension');
    assert.ok(week.actions.bySource.report! >= 2);
    assert.ok(week.cybertips.drafted >= 1);
    assert.equal(week.inhopeReferrals, null, 'vigie-wide, not in one platform’s figures');
    assert.ok(week.timeToAction.measured >= 2 && week.timeToAction.medianSeconds >= 0);
    assert.ok(week.reports >= 1);
    assert.ok(week.appeals.filed >= 1 && week.appeals.overturned >= 1 && week.appeals.overturnRate > 0);

    const page = await t.app.inject({ method: 'GET', url: '/transparency?lang=en' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /fewer than 10/);
    assert.match(page.body, /<svg role="img"/);
    assert.match(page.body, /Depictions of a child/);
    assert.ok(!page.body.includes(author), 'no personal data');
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    const fr = await t.app.inject({ method: 'GET', url: '/transparency?lang=fr' });
    assert.match(fr.body, /moins de 10/);
    assert.match(fr.body, /<html lang="fr">/);

    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/stats?from=2026-02-01&to=2026-01-01', headers: t.auth() })).statusCode, 400);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/stats?from=2001-01-01&to=2026-01-01', headers: t.auth() })).statusCode, 400);
  });

  test('exports 100,000 actions as CSV, streamed in bounded memory', async () => {
    await ready();
    const total = 100_000;
    const base = Date.parse('2025-03-03T00:00:00.000Z');
    for (let start = 0; start < total; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, total - start) }, (_, k) => {
        const i = start + k;
        const at = new Date(base + i * 60_000).toISOString();
        const puid = `act_${i.toString(16).padStart(64, '0')}`;
        const facts = {
          actionId: puid,
          action: 'remove_content',
          permanent: false,
          clauses: ['content.link-to-material'],
          automatedDecision: true,
          automatedDetection: true,
          reported: false,
          media: { images: false, videos: false, text: true },
          syntheticMaterial: false,
          contentDate: at,
          appliedAt: at,
          sources: ['link'],
          detectedAt: new Date(base + i * 60_000 - 5000).toISOString(),
        };
        return {
          puid,
          platform: 'default',
          account_id: 'bulk',
          action: 'remove_content',
          notify: 0,
          applied_at: at,
          facts_json: JSON.stringify(facts),
          submitted_at: null,
          submission_uuid: null,
          submitted_json: null,
          submission_error: null,
        };
      });
      await store().db.insertInto('statements').values(rows).execute();
    }
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    void address;
    // The live heap (measured after a collection, every 16 chunks) must not grow with the
    // export: garbage not yet collected is not memory the export holds.
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let lines = 0;
    let bytes = 0;
    let chunks = 0;
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: `/v1/stats/export.csv?from=2025-03-01&to=2025-06-01`, headers: t.auth() }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /text\/csv/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += chunk.length;
          const parts = (tail + chunk).split('\n');
          tail = parts.pop()!;
          lines += parts.length;
          if (++chunks % 16 === 0) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed);
          }
        });
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const growth = peak - baseline;
    console.log(
      `exported ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB; live heap grew at most ${(growth / 1e6).toFixed(1)} MB while streaming (${chunks} chunks)`,
    );
    assert.equal(lines, total + 1, 'the header and every action, no cap');
    assert.ok(bytes > 15e6, 'the export is far larger than the bound below');
    assert.ok(growth < 8e6, `heap grew ${(growth / 1e6).toFixed(1)} MB: the export must not be held in memory`);
  });
});
