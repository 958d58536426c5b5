// Headless Chromium for the browser tests (Debian's package, driven by playwright-core) and
// axe-core's accessibility check. Without Chromium a browser suite is skipped with a message,
// unless CI is set: then it fails.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

// The flags a closed network needs: without the background-networking ones, Chromium keeps
// trying to reach Google's hosts.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Why browser suites skip here, or null when Chromium is present. Throws with CI set. */
export function chromiumMissing(): string | null {
  const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;
  if (missing && process.env.CI) throw new Error(`CI is set but ${missing}`);
  return missing;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  targets: string[];
}

/**
 * axe-core's WCAG 2.2 A/AA findings on the page as it is now. axe is evaluated through the
 * DevTools protocol, not added as a script element, so the page stays under its own CSP.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(
    async (tags) => (await (globalThis as any).axe.run((globalThis as any).document, { runOnly: { type: 'tag', values: tags } })).violations,
    WCAG_TAGS,
  );
  return (found as { id: string; impact: string | null; nodes: { target: string[] }[] }[]).map((v) => ({
    id: v.id,
    impact: v.impact,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** The serious and critical findings, as "rule: target" lines (what the suites refuse). */
export async function seriousFindings(page: Page): Promise<string[]> {
  return (await axeFindings(page)).filter((f) => f.impact === 'serious' || f.impact === 'critical').flatMap((f) => f.targets.map((t) => `${f.id}: ${t}`));
}
