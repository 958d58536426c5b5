// A platform's statements of reasons for a period as JSON lines, one statement per line in
// the Transparency Database's fields, read page by page: an export of any size holds one page
// in memory, and the caller streams the lines as they come.
import type { Store } from '../../store/store.js';
import { statementPage } from '../../store/statements.js';
import type { StatementSettings } from '../../policy/statement-of-reasons.js';
import { dsaStatementOf } from './statement-view.js';

const PAGE = 1000;

export async function* statementLines(store: Store, platform: string, from: string, to: string, settings: StatementSettings): AsyncGenerator<string> {
  let after: { appliedAt: string; puid: string } | null = null;
  for (;;) {
    const rows = await statementPage(store.db, platform, from, to, after, PAGE);
    if (rows.length === 0) return;
    yield rows.map((r) => `${JSON.stringify(dsaStatementOf(r, settings))}\n`).join('');
    const last = rows[rows.length - 1]!;
    after = { appliedAt: last.applied_at, puid: last.puid };
    if (rows.length < PAGE) return;
  }
}
