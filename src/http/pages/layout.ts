// The frame of every public page: language, title, the language switch, the skip link, and
// the policy the pages are served under (no inline script or style: the page's script and
// style sheet are files vigie serves itself).
import { html, type Html } from './html.js';
import type { Lang } from './language.js';

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'none'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers of every public page: the receipt may be on it, so nothing keeps it or passes it on. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PAGE_CSP,
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-type': 'text/html; charset=utf-8',
};

export interface PageFrame {
  lang: Lang;
  title: string;
  /** The same page in the other language (the switch). */
  switchHref: string;
  switchLabel: string;
  skipLabel: string;
  skipTarget: string;
  /** Whether the page runs the proof-of-work script. */
  script: boolean;
}

export function page(frame: PageFrame, body: Html): string {
  const other: Lang = frame.lang === 'fr' ? 'en' : 'fr';
  return html`<!doctype html>
    <html lang="${frame.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title}</title>
        <link rel="stylesheet" href="/report/assets/report.css" />
        ${frame.script ? html`<script src="/report/assets/report.js" defer></script>` : ''}
      </head>
      <body>
        <a class="skip" href="#${frame.skipTarget}">${frame.skipLabel}</a>
        <header class="top">
          <nav aria-label="${frame.lang === 'fr' ? 'Langue' : 'Language'}">
            <a href="${frame.switchHref}" lang="${other}" hreflang="${other}">${frame.switchLabel}</a>
          </nav>
        </header>
        <main id="main">${body}</main>
      </body>
    </html> `.text;
}
