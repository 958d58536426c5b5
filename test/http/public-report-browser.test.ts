// The public report page in a real browser (Debian's Chromium, headless, driven by
// playwright-core): axe-core finds no WCAG 2.2 A/AA violation on the form in French and in
// English, on the form showing errors, on the receipt and on the status page; a person fills
// the form and sends it with JavaScript (the proof of work runs under the page's CSP) and
// without it (the slower way), and sees a receipt. Without Chromium the test is skipped
// with a message, unless CI is set: then it fails.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Store } from '../../src/store/store.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { AXE_SOURCE as axeSource, WCAG_TAGS as WCAG, chromiumMissing, launchChromium } from '../support/browser.js';

const WAIT_S = 3;
const missing = chromiumMissing();

describe('public report page in a browser', { skip: missing ? `${missing}; skipped outside CI` : false }, () => {
  let dataDir: string;
  let store: Store;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigie-browser-'));
    store = await Store.open({ dataDir });
    t = await buildTestApp(store, { publicReport: { powBits: 10, noScriptWaitSeconds: WAIT_S } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.app.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** axe-core's WCAG 2.2 A/AA violations on the page, as "rule: target" lines. */
  async function violations(url: string, act?: (page: Page) => Promise<void>): Promise<string[]> {
    // Only this context lets axe's script in; the pages themselves stay under their CSP.
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(`${base}${url}`);
      if (act) await act(page);
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(
        async (tags) => (await (globalThis as any).axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: tags } })).violations,
        WCAG,
      );
      return (found as { id: string; nodes: { target: string[] }[] }[]).flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    } finally {
      await context.close();
    }
  }

  async function fillAndSend(page: Page, account: string): Promise<void> {
    await page.getByLabel(/The account you are reporting|Le compte que vous signalez/).fill(account);
    await page.getByLabel(/Something else that puts a child at risk|Autre chose qui met un enfant en danger/).check();
    await page.getByLabel(/Anything else we should know|Autre chose à nous dire/).fill('Placeholder description for a browser test.');
  }

  test('axe-core finds no violation on the form (French and English), its errors, the receipt and the status page', async () => {
    assert.deepEqual(await violations('/report?lang=fr'), []);
    assert.deepEqual(await violations('/report?lang=en'), []);
    assert.deepEqual(
      await violations('/report?lang=en', async (page) => {
        await page.getByRole('button', { name: 'Send the report' }).click();
        await page.waitForSelector('#error-summary');
      }),
      [],
    );
    assert.deepEqual(await violations('/report/status?lang=fr&receipt=R-AAAAAAAAAAAAAAAAAAAAAA'), []);
  });

  test('with JavaScript the page solves the proof of work under its CSP and shows a receipt', async () => {
    const context = await browser.newContext();
    const refused: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(`${base}/report?lang=en`);
      await fillAndSend(page, '@browser-js');
      // The clock is not moved: without the proof of work the form would be refused as too early.
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.waitForSelector('#receipt', { timeout: 30_000 });
      assert.match((await page.textContent('#receipt')) ?? '', /^R-[A-Za-z0-9_-]{20,}$/);
      assert.deepEqual(refused, [], 'nothing on the page was refused by its CSP');
      const url = page.url();
      assert.deepEqual(await violations(new URL(url).pathname + '?lang=en'), []);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript the form is accepted once the wait is over, and the receipt page passes axe', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/report?lang=fr`);
      assert.match((await page.textContent('noscript')) ?? '', /Sans JavaScript/);
      await fillAndSend(page, '@browser-nojs');
      t.clock.now = new Date(t.clock.now.getTime() + WAIT_S * 1000);
      await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
      await page.waitForSelector('#receipt');
      const receipt = (await page.textContent('#receipt')) ?? '';
      assert.match(receipt, /^R-/);
      const html = await page.content();
      // The receipt page, checked by axe as served (re-rendered from the same HTML).
      const check = await browser.newContext({ bypassCSP: true });
      try {
        const p = await check.newPage();
        // Opened on vigie's origin first, so that the page's style sheet loads as served.
        await p.goto(`${base}/report/assets/report.css`);
        await p.setContent(html);
        await p.addScriptTag({ content: axeSource });
        const found = await p.evaluate(
          async (tags) => (await (globalThis as any).axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: tags } })).violations,
          WCAG,
        );
        assert.deepEqual(found, []);
      } finally {
        await check.close();
      }
      await page.goto(`${base}/report/status?lang=fr&receipt=${receipt}`);
      assert.match((await page.textContent('.status')) ?? '', /Reçu : il attend d’être examiné/);
    } finally {
      await context.close();
    }
  });
});
