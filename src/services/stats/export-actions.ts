// Every restriction of a period as CSV, one row per action, read page by page so that an
// export of any length holds one page in memory: the caller streams the chunks as they come.
// No personal data: the action id, when, what, under which clauses, how it was found.
import type { Store } from '../../store/store.js';
import { restrictionPage } from '../../store/stats.js';
import type { RestrictionFacts } from '../../policy/statement-of-reasons.js';
import { weekOf } from './weeks.js';

const PAGE = 1000;

export const CSV_HEADER = 'action_id,applied_at,week,action,clauses,sources,automated_detection,automated_decision,reported,seconds_to_action\n';

export async function* actionsCsv(store: Store, from: string, to: string, platforms: readonly string[] | null): AsyncGenerator<string> {
  yield CSV_HEADER;
  let after: { appliedAt: string; puid: string } | null = null;
  for (;;) {
    const rows = await restrictionPage(store.db, from, to, platforms, after, PAGE);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      const f = JSON.parse(r.facts_json) as RestrictionFacts;
      const seconds = f.detectedAt ? Math.max(0, Math.round((Date.parse(f.appliedAt) - Date.parse(f.detectedAt)) / 1000)) : '';
      chunk += `${[r.puid, r.applied_at, weekOf(r.applied_at), f.action, f.clauses.join(';'), (f.sources ?? []).join(';'), f.automatedDetection, f.automatedDecision, f.reported, seconds].map(cell).join(',')}\n`;
    }
    yield chunk;
    const last = rows[rows.length - 1]!;
    after = { appliedAt: last.applied_at, puid: last.puid };
    if (rows.length < PAGE) return;
  }
}

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with a quote. */
function cell(v: string | number | boolean): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
