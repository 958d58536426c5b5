// The one open case of a subject. The subject is locked first (an advisory lock on
// PostgreSQL, the single writer on SQLite), so that two processes that see the same
// conversation cross the threshold at once open one case, not two.
import { lockSubjects } from './projection.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Statuses in which a case still waits for or is with a person: later signals join it. */
export const OPEN_CASE_STATUSES = ['open', 'escalated'] as const;

export async function lockOpenCase(w: UnitOfWork, subjectKind: string, subjectId: string): Promise<string | undefined> {
  await lockSubjects(w.tx, w.dialect, [`case-subject:${subjectKind}:${subjectId}`]);
  const row = await w.tx
    .selectFrom('cases')
    .select('id')
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .where('status', 'in', [...OPEN_CASE_STATUSES])
    .orderBy('opened_at')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
