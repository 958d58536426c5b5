// The appeal page and the transparency page in a real browser (Debian's Chromium, headless,
// driven by playwright-core), in French and English: axe-core finds no serious or critical
// violation of WCAG 2.2 A/AA; a person appeals without JavaScript and reads the status page;
// screenshots go to docs/screenshots/. Without Chromium the test is skipped with a message,
// unless CI is set: then it fails.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Store } from '../../src/store/store.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { chromiumMissing, launchChromium, seriousFindings } from '../support/browser.js';
import { seedLock, seedRestrictionFigures, seedSuspension } from './appeal-seed.js';

const SHOTS = 'docs/screenshots';
const missing = chromiumMissing();

describe('appeal and transparency pages in a browser', { skip: missing ? `${missing}; skipped outside CI` : false }, () => {
  let dataDir: string;
  let store: Store;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigie-browser-'));
    store = await Store.open({ dataDir });
    t = await buildTestApp(store);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.app.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const tokenFor = async (actionId: string) =>
    (await t.app.inject({ method: 'POST', url: '/v1/appeals/tokens', headers: t.auth(), payload: { actionId } })).json().token as string;

  /** The serious and critical WCAG 2.2 A/AA violations axe-core finds on the page, after `act`; a screenshot of it. */
  async function check(url: string, shot: string, act?: (page: Page) => Promise<void>): Promise<string[]> {
    // axe runs through the DevTools protocol: the pages stay under their CSP.
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}${url}`);
      if (act) await act(page);
      await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
      return await seriousFindings(page);
    } finally {
      await context.close();
    }
  }

  test('the appeal form (with its statement of reasons), its errors and the status page, in French and English', async () => {
    const lock = await seedLock(t);
    const token = await tokenFor(lock.actionId);
    for (const lang of ['en', 'fr'] as const) {
      assert.deepEqual(await check(`/appeal?token=${token}&lang=${lang}`, `appeal-form-${lang}.png`), [], `form ${lang}`);
    }
    assert.deepEqual(
      await check(`/appeal?token=${token}&lang=en`, 'appeal-form-error-en.png', async (page) => {
        await page.getByRole('button', { name: 'Send my appeal' }).click();
        await page.waitForLoadState();
      }),
      [],
      'the form showing its error',
    );
    assert.deepEqual(await check('/appeal?lang=fr', 'appeal-code-fr.png'), [], 'the page asking for the code');
  });

  test('without JavaScript a person appeals and reads the status page', async () => {
    const { actionId } = await seedSuspension(t);
    const token = await tokenFor(actionId);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/appeal?token=${token}&lang=fr`);
      // The form's own validation (required) is the browser's; an empty text is also refused by the server.
      await page
        .getByLabel('Pourquoi pensez-vous que la décision est erronée ?')
        .fill('Cette publication parlait de jardinage ; je pense que c’est une erreur.');
      await page.getByRole('button', { name: 'Envoyer ma contestation' }).click();
      await page.waitForLoadState();
      assert.match(await page.locator('#appeal-state').innerText(), /attend un examinateur/);
    } finally {
      await context.close();
    }
    for (const lang of ['fr', 'en'] as const) {
      assert.deepEqual(await check(`/appeal?token=${token}&lang=${lang}`, `appeal-status-${lang}.png`), [], `status ${lang}`);
    }
  });

  test('the transparency page, with figures above the suppression threshold and below it, in French and English', async () => {
    await seedRestrictionFigures(t, t.clock.now);
    for (const lang of ['en', 'fr'] as const) {
      const found = await check(`/transparency?lang=${lang}`, `transparency-${lang}.png`, async (page) => {
        assert.equal((await page.locator('svg[role="img"] rect').count()) > 10, true, 'the chart has its bars');
      });
      assert.deepEqual(found, [], `transparency ${lang}`);
    }
  });
});
