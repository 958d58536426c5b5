// The one open case of a subject. The subject is locked first (an advisory lock on
// PostgreSQL, the single writer on SQLite), so that two processes that see the same
// conversation cross the threshold at once open one case, not two.
import { lockSubjects } from './projection.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { CaseState } from '../moderation/folds/case.js';

/** Statuses in which a case still waits for or is with a person: later signals join it. */
export const OPEN_CASE_STATUSES = ['open', 'escalated'] as const;

/** The advisory lock key of a subject's open case. */
export function caseSubjectLock(kind: string, id: string): string {
  return `case-subject:${kind}:${id}`;
}

/** The subject's open case (its state), after taking the subject's lock; undefined when it has none. */
export async function lockOpenCase(w: UnitOfWork, subjectKind: string, subjectId: string): Promise<CaseState | undefined> {
  await lockSubjects(w.tx, w.dialect, [caseSubjectLock(subjectKind, subjectId)]);
  const row = await w.tx
    .selectFrom('cases')
    .select('state_json')
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .where('status', 'in', [...OPEN_CASE_STATUSES])
    .orderBy('opened_at')
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as CaseState) : undefined;
}

/**
 * Takes, in one sorted pass, the locks a batch will need: the subjects whose open case it may
 * open or join and the senders whose risk it may add to. Taken one by one in item order, two
 * processes could take them in opposite orders and deadlock. (Advisory locks are re-entrant:
 * lockOpenCase and lockSenderRisk take them again at no cost.)
 */
export async function lockForReview(w: UnitOfWork, subjects: readonly { kind: string; id: string }[], senders: readonly string[]): Promise<void> {
  await lockSubjects(w.tx, w.dialect, [...subjects.map((s) => caseSubjectLock(s.kind, s.id)), ...senders.map((id) => `sender-risk:${id}`)]);
}
