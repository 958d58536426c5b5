// Helpers for the public report page's tests and bench: read the form's token, solve its
// proof of work as the page's script does, and send a form as a browser would.
import { solveChallenge } from '../../src/services/reports/report-challenge.js';

export function tokenOf(page: string): string {
  const m = /name="token" value="([^"]+)"/.exec(page);
  if (!m) throw new Error('the page holds no form token');
  return m[1]!;
}

export function bitsOf(page: string): number {
  const m = /data-bits="(\d+)"/.exec(page);
  if (!m) throw new Error('the page holds no proof-of-work difficulty');
  return Number(m[1]);
}

/** The page's form, solved: the fields a browser with JavaScript sends. */
export function solvedForm(page: string, fields: Record<string, string>): string {
  const token = tokenOf(page);
  return formBody({ token, solution: solveChallenge(token, bitsOf(page)), ...fields });
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function receiptOf(page: string): string | null {
  return /<p class="receipt" id="receipt">(R-[A-Za-z0-9_-]+)<\/p>/.exec(page)?.[1] ?? null;
}

export const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
