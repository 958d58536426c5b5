// The open case about a subject, if any: a later signal raises its priority instead of
// opening a second case on the same subject.
import type { InTx } from './unit-of-work.js';

export async function openCaseAbout(tx: InTx, subjectKind: 'content' | 'account', subjectId: string): Promise<{ id: string; priority: number } | null> {
  const row = await tx
    .selectFrom('cases')
    .select(['id', 'priority'])
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .where('status', 'in', ['open', 'escalated'])
    .orderBy('priority', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, priority: Number(row.priority) } : null;
}
