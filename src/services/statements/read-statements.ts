// One statement for the platform whose restriction it is, with whether the person may be shown it.
import type { Store } from '../../store/store.js';
import { statementOf } from '../../store/statements.js';
import type { DsaStatement, StatementSettings } from '../../policy/statement-of-reasons.js';
import { notFound } from '../errors.js';
import { dsaStatementOf } from './statement-view.js';

export interface StatementRead {
  statement: DsaStatement;
  /** Whether the policy allows telling the person (never for material removed without notice). */
  notify: boolean;
  submittedAt: string | null;
  submissionUuid: string | null;
}

export async function statementForPlatform(store: Store, platform: string, actionId: string, settings: StatementSettings): Promise<StatementRead> {
  const row = await statementOf(store.db, actionId);
  if (!row || row.platform !== platform) throw notFound(`no statement for action ${actionId}`);
  return { statement: dsaStatementOf(row, settings), notify: row.notify === 1, submittedAt: row.submitted_at, submissionUuid: row.submission_uuid };
}
