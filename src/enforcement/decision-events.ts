// A decision's plan as moderation-log events: one `action.taken` per step on the subject it
// changes (the folds turn them into state), a case for what needs a person, a CyberTipline
// draft for legal, and notices in both languages where the policy allows notice. Pure:
// ids, time and the actor come from the caller.
import type { Decision } from '../policy/decision.js';
import type { PlannedAction } from '../policy/plan.js';
import { noticeFor } from '../policy/notices.js';
import type { Actor, NewEvent } from '../moderation/events.js';
import type { PayloadOf } from '../moderation/payloads.js';

export interface DecisionContext {
  at: string;
  actor: Actor;
  /** A new id with the given prefix (case ids, CyberTipline ids). */
  newId(prefix: string): string;
  /** Where the account holder appeals, for notices. */
  appealUrl: string;
  /** The reports that led here, if any, for the case. */
  reportIds?: string[];
}

export interface DecisionEvents {
  events: NewEvent[];
  /** Accounts whose identifiers go on the block registry in the same transaction. */
  blockAccounts: string[];
  caseId: string | null;
  cybertipId: string | null;
}

/** What a step adds to the decision's basis in its `action.taken` payload. */
type StepPayload = Omit<PayloadOf<'action.taken'>, 'policyVersion' | 'rule' | 'clauses' | 'automated' | 'intent'>;

export function decisionEvents(decision: Decision, ctx: DecisionContext): DecisionEvents {
  const out: DecisionEvents = { events: [], blockAccounts: [], caseId: null, cybertipId: null };
  const basis = {
    policyVersion: decision.policyVersion,
    rule: decision.rule.id,
    clauses: [...decision.clauses],
    automated: decision.automated,
    intent: decision.intent,
  };
  const reason = decision.rule.text.en;
  const taken = (subject: NewEvent['subject'], payload: StepPayload): NewEvent => ({
    type: 'action.taken',
    subject,
    actor: ctx.actor,
    at: ctx.at,
    reason,
    payload: { ...payload, ...basis },
  });
  for (const step of decision.plan) out.events.push(...stepEvents(step, decision, ctx, out, taken, reason));
  return out;
}

function stepEvents(
  step: PlannedAction,
  decision: Decision,
  ctx: DecisionContext,
  out: DecisionEvents,
  taken: (subject: NewEvent['subject'], payload: StepPayload) => NewEvent,
  reason: string,
): NewEvent[] {
  switch (step.kind) {
    case 'remove_content':
      return [taken({ kind: 'content', id: step.contentId }, { action: 'remove_content', notifyUser: step.notifyUser, consequence: step.consequence })];
    case 'restore_content':
      return [taken({ kind: 'content', id: step.contentId }, { action: 'restore_content', consequence: null })];
    case 'suspend_account':
      return [taken({ kind: 'account', id: step.accountId }, { action: 'suspend_account', permanent: true, consequence: step.consequence })];
    case 'lock_account':
      return [taken({ kind: 'account', id: step.accountId }, { action: 'lock_account', contentIds: [...step.contentIds], consequence: step.consequence })];
    case 'block_identifiers':
      out.blockAccounts.push(step.accountId);
      return [taken({ kind: 'account', id: step.accountId }, { action: 'block_identifiers', consequence: step.consequence })];
    case 'file_cybertip': {
      const id = ctx.newId('ct');
      out.cybertipId = id;
      return [
        {
          type: 'cybertip.drafted',
          subject: { kind: 'cybertip', id },
          actor: ctx.actor,
          at: ctx.at,
          reason,
          payload: {
            accountId: step.accountId,
            contentIds: [...step.contentIds],
            clauses: [...step.clauses],
            draft: step.draft,
            automated: decision.automated,
            policyVersion: decision.policyVersion,
            ...(decision.materialNature.length > 0 ? { materialNature: [...decision.materialNature] } : {}),
          },
        },
        taken({ kind: 'account', id: step.accountId }, { action: 'file_cybertip', cybertipId: id, draft: step.draft, consequence: step.consequence }),
      ];
    }
    case 'refer_inhope':
      return [taken({ kind: 'system', id: 'inhope' }, { action: 'refer_inhope', url: step.url, country: step.country, consequence: step.consequence })];
    case 'notify_user': {
      const en = noticeFor(step, { lang: 'en', appealUrl: ctx.appealUrl });
      const fr = noticeFor(step, { lang: 'fr', appealUrl: ctx.appealUrl });
      const notice = { en: en ? { subject: en.subject, body: en.body } : null, fr: fr ? { subject: fr.subject, body: fr.body } : null };
      return [
        taken(
          { kind: 'account', id: step.accountId },
          { action: 'notify_user', notifyUser: true, notice: step.notice, contentIds: [...step.contentIds], texts: notice, consequence: step.consequence },
        ),
        {
          type: 'notice.sent',
          subject: { kind: 'account', id: step.accountId },
          actor: ctx.actor,
          at: ctx.at,
          reason,
          payload: { notice: step.notice, contentIds: [...step.contentIds], clauses: [...step.clauses] },
        },
      ];
    }
    case 'open_case': {
      const id = ctx.newId('case');
      out.caseId = id;
      return [
        {
          type: 'case.opened',
          subject: { kind: 'case', id },
          actor: ctx.actor,
          at: ctx.at,
          reason,
          payload: {
            subjectKind: step.subject.kind,
            subjectId: step.subject.id,
            priority: step.priority,
            urgent: step.urgent,
            needs: step.needs,
            rule: step.reason,
            clauses: [...decision.clauses],
            reportIds: ctx.reportIds ?? [],
          },
        },
      ];
    }
  }
}
