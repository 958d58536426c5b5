// Finds or opens the one open case of a subject, and adds to it. Every path that sends
// something to a person goes through here (signals at ingest today; reports from anyone
// and other detectors tomorrow), so that a subject never has two open cases: later
// signals and reports join the open case, and raise its priority and urgency.
//
// Runs in the caller's unit of work: the subject is locked (store/open-cases.ts), so two
// processes that reach the same subject at once serialise, and the second one joins.
import type { CaseFacts } from '../../moderation/review-rules.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../moderation/events.js';
import { SYSTEM } from '../../moderation/events.js';
import { RULES, type RuleId } from '../../policy/rules.js';
import { lockOpenCase } from '../../store/open-cases.js';
import type { UnitOfWork } from '../../store/store.js';

export type CaseSubjectKind = 'conversation' | 'account' | 'content';

export interface CaseItem {
  readonly contentId: string;
  readonly families: Readonly<Record<string, number>>;
  readonly spans: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

export interface CaseAddition {
  readonly subject: { readonly kind: CaseSubjectKind; readonly id: string };
  /** open: open a case when none is open; raise: only join one that is open. */
  readonly action: 'open' | 'raise';
  /** 0..100 (policy/priority.ts); the case keeps the highest it was given. */
  readonly priority: number;
  readonly urgent: boolean;
  /** Why (a policy rule id such as 'review.conversation'); its text is the event's reason. */
  readonly rule: RuleId;
  readonly clauses: readonly string[];
  readonly contentIds?: readonly string[];
  /** The messages that made it, with their families and [start, end) spans in their text. */
  readonly items?: readonly CaseItem[];
  readonly reportIds?: readonly string[];
  /** What the detectors saw, for the reviewer (family: weight). */
  readonly families?: Readonly<Record<string, number>>;
  readonly needs?: 'reviewer' | 'senior-reviewer';
}

/** As the ingest answer says it: the case the item opened (opened: true) or joined. */
export interface CaseDisposition {
  readonly caseId: string;
  readonly opened: boolean;
}

export interface CaseWriteContext {
  readonly at: string;
  /** The review queue a case it opens goes to (the operator's routing); the fallback queue without it. */
  readonly queue?: (facts: CaseFacts) => string;
  readonly actor?: Actor;
  readonly newId?: () => string;
}

/** The open case of the subject with the addition in it; null when `raise` found no open case. */
export async function addToOpenCase(w: UnitOfWork, addition: CaseAddition, ctx: CaseWriteContext): Promise<CaseDisposition | null> {
  const { subject } = addition;
  const actor = ctx.actor ?? SYSTEM;
  const reason = RULES[addition.rule].en;
  const families = addition.families && Object.keys(addition.families).length > 0 ? { families: { ...addition.families } } : {};
  const items = addition.items && addition.items.length > 0 ? { items: addition.items.map(itemJson) } : {};
  const open = (await lockOpenCase(w, subject.kind, subject.id))?.id;
  if (open !== undefined) {
    await w.append([
      {
        type: 'case.joined',
        subject: { kind: 'case', id: open },
        actor,
        at: ctx.at,
        reason,
        payload: {
          priority: addition.priority,
          urgent: addition.urgent,
          rule: addition.rule,
          clauses: [...addition.clauses],
          reportIds: [...(addition.reportIds ?? [])],
          contentIds: [...(addition.contentIds ?? [])],
          ...families,
          ...items,
        },
      },
    ]);
    return { caseId: open, opened: false };
  }
  if (addition.action === 'raise') return null;
  const id = ctx.newId?.() ?? `case_${randomUUID()}`;
  await w.append([
    {
      type: 'case.opened',
      subject: { kind: 'case', id },
      actor,
      at: ctx.at,
      reason,
      payload: {
        subjectKind: subject.kind,
        subjectId: subject.id,
        priority: addition.priority,
        urgent: addition.urgent,
        needs: addition.needs ?? 'reviewer',
        rule: addition.rule,
        clauses: [...addition.clauses],
        reportIds: [...(addition.reportIds ?? [])],
        contentIds: [...(addition.contentIds ?? [])],
        ...families,
        ...items,
        ...(ctx.queue
          ? {
              queue: ctx.queue({
                urgent: addition.urgent,
                needs: addition.needs ?? 'reviewer',
                rule: addition.rule,
                reported: (addition.reportIds ?? []).length > 0,
                subjectKind: subject.kind,
              }),
            }
          : {}),
      },
    },
  ]);
  return { caseId: id, opened: true };
}

function itemJson(i: CaseItem): { contentId: string; families: Record<string, number>; spans: Record<string, [number, number][]> } {
  return {
    contentId: i.contentId,
    families: { ...i.families },
    spans: Object.fromEntries(Object.entries(i.spans).map(([f, list]) => [f, list.map(([a, b]): [number, number] => [a, b])])),
  };
}
