// The one open case of a subject: what new findings about it (a report, a signal) join, or
// what they open when it has none. The subject is locked first, so that two processes
// with a report on the same post at the same moment make one case, not two.
import { randomUUID } from 'node:crypto';
import type { UnitOfWork } from '../../store/store.js';
import { lockOpenCase } from '../../store/open-cases.js';
import type { Actor, NewEvent } from '../../moderation/events.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { ReviewRules } from './review-rules-file.js';

export interface CaseOpening {
  subject: { kind: 'account' | 'content'; id: string };
  priority: number;
  urgent: boolean;
  needs: 'reviewer' | 'senior-reviewer';
  /** What opened it: a policy rule id, or "report". */
  rule: string;
  clauses: string[];
  reported: boolean;
}

export interface CaseFound {
  caseId: string;
  opened: boolean;
  state: CaseState | undefined;
}

/** The subject's open case, or a new one opened in the queue its facts route it to. */
export async function caseForSubject(w: UnitOfWork, rules: ReviewRules, opening: CaseOpening, actor: Actor, at: string): Promise<CaseFound> {
  const open = await lockOpenCase(w, opening.subject.kind, opening.subject.id);
  if (open) return { caseId: open.id, opened: false, state: open };
  const caseId = `case_${randomUUID()}`;
  const queue = rules.queueFor({
    urgent: opening.urgent,
    needs: opening.needs,
    rule: opening.rule,
    reported: opening.reported,
    subjectKind: opening.subject.kind,
  });
  const opened: NewEvent = {
    type: 'case.opened',
    subject: { kind: 'case', id: caseId },
    actor,
    at,
    reason: null,
    payload: {
      subjectKind: opening.subject.kind,
      subjectId: opening.subject.id,
      priority: opening.priority,
      urgent: opening.urgent,
      needs: opening.needs,
      rule: opening.rule,
      clauses: opening.clauses,
      reportIds: [],
      queue,
    },
  };
  const { projected } = await w.append([opened]);
  return { caseId, opened: true, state: projected.cases.get(caseId) };
}
