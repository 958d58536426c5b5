// Another reviewer decides an appeal: upheld, the restriction stays; overturned, what the
// decision did to the person is undone through the one enforcement path, in one unit of
// work: the account restored (restore_account), the appealed action and the same decision's
// removals of their content and block of their identifiers reverted (action.reverted, which
// the platform's webhooks carry), the identifiers lifted from the ban-evasion registry. A
// CyberTipline report drafted or filed from that decision is never retracted by vigie: legal
// is told on the report itself (cybertip.decision_overturned) and decides what NCMEC hears.
// Either way the appellant hears the outcome: appeal.resolved, sent to the platform's
// webhooks and shown on the appeal's status page.
import type { Store, UnitOfWork } from '../../store/store.js';
import type { Actor, LoggedEvent, NewEvent } from '../../moderation/events.js';
import { lockAppeal, resolveAppeal, type AppealRow } from '../../store/appeals.js';
import { actionById, actionsOfDecision, removedContentOf } from '../../store/actions.js';
import { accountState } from '../../store/subject-states.js';
import { liftRegistryRows } from '../../store/block-registry-rows.js';
import type { Enforcement } from '../enforcement/enforce-decision.js';
import type { BlockRegistryHandle } from '../block-registry/registry-handle.js';
import { conflict, forbidden } from '../errors.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import { holdsAppeal, refuseOriginalDecider, visibleAppeal } from './claim-appeal.js';
import { staffAppealView, type StaffAppealView } from './appeal-views.js';

export interface DecideAppealDeps {
  store: Store;
  enforcement: Enforcement;
  blockRegistry?: BlockRegistryHandle;
  now(): Date;
}

export interface AppealDecision {
  appeal: StaffAppealView;
  restored: { account: boolean; contentIds: string[]; identifiersLifted: number };
  /** CyberTipline reports of the overturned decision: legal was told, nothing was retracted. */
  cybertipIds: string[];
}

export async function decideAppeal(
  deps: DecideAppealDeps,
  r: Reviewer,
  id: string,
  answer: { outcome: 'uphold' | 'overturn'; reason: string },
): Promise<AppealDecision> {
  if (!may(r, 'appeal:decide')) throw forbidden('your role does not decide appeals');
  const now = deps.now();
  const at = now.toISOString();
  return deps.store.write(async (w) => {
    const row = visibleAppeal(r, await lockAppeal(w.tx, w.dialect, id), id);
    if (row.status !== 'open') throw conflict(`the appeal was ${row.status} already`);
    refuseOriginalDecider(r, row);
    if (!holdsAppeal(r, row, at)) throw conflict('claim the appeal before deciding it (or claim it again if your claim ran out)');
    const actor = reviewerActor(r);
    const outcome = answer.outcome === 'overturn' ? 'overturned' : 'upheld';
    const undo = outcome === 'overturned' ? await overturn(w, deps, row, actor, answer.reason, at) : null;
    const restored = undo?.restored ?? { account: false, contentIds: [], identifiersLifted: 0 };
    const cybertipIds = undo?.cybertipIds ?? [];
    const resolved: NewEvent = {
      type: 'appeal.resolved',
      subject: { kind: 'account', id: row.account_id },
      actor,
      at,
      reason: answer.reason,
      payload: { appealId: row.id, actionId: row.action_id, outcome, ...(undo ? { restored, cybertipIds } : {}) },
    };
    // One append for the undoing and the outcome: the platform's webhooks for both are queued with them.
    await deps.enforcement.takeActions(w, [...(undo?.events ?? []), resolved], [], at);
    await resolveAppeal(w.tx, row.id, outcome, r.id, answer.reason, at);
    const after = { ...row, status: outcome, resolved_by: r.id, resolution_reason: answer.reason, resolved_at: at, assignee_id: null, lease_until: null };
    return { appeal: staffAppealView(after, now), restored, cybertipIds };
  });
}

interface Undoing {
  events: NewEvent[];
  restored: AppealDecision['restored'];
  cybertipIds: string[];
}

async function overturn(w: UnitOfWork, deps: DecideAppealDeps, row: AppealRow, actor: Actor, reason: string, at: string): Promise<Undoing> {
  const action = await actionById(w.tx, row.action_id);
  if (!action || action.type !== 'action.taken') throw conflict('the appealed action is no longer in the log');
  const accountId = row.account_id;
  const why = `appeal ${row.id} overturned: ${reason}`;
  const events: NewEvent[] = [];
  const reverted = (e: LoggedEvent): NewEvent => {
    if (e.type !== 'action.taken') throw new TypeError('only an action is reverted');
    return { type: 'action.reverted', subject: e.subject, actor: actor, at, reason: why, payload: { ...e.payload } };
  };
  // The rest of the same decision: same instant, same actor, on the account and on its removed content.
  const candidates = (await removedContentOf(w.tx, accountId)).map((id) => ({ kind: 'content', id }));
  const siblings = await actionsOfDecision(w.tx, [{ kind: 'account', id: accountId }, ...candidates], action.at, action.actor);

  events.push(reverted(action));
  const account = await accountState(w.tx, accountId);
  const restoreAccount = account?.status === 'suspended' || account?.status === 'locked';
  if (restoreAccount) {
    events.push({
      type: 'action.taken',
      subject: { kind: 'account', id: accountId },
      actor: actor,
      at,
      reason: why,
      payload: { action: 'restore_account', consequence: null },
    });
  }
  const contentIds: string[] = [];
  const cybertipIds: string[] = [];
  let blocked = false;
  for (const e of siblings) {
    if (e.type !== 'action.taken' || e.seq === action.seq) continue;
    switch (e.payload.action) {
      case 'remove_content':
        contentIds.push(e.subject.id);
        events.push(reverted(e));
        break;
      case 'block_identifiers':
        blocked = true;
        events.push(reverted(e));
        break;
      case 'file_cybertip':
        if (e.payload.cybertipId) cybertipIds.push(e.payload.cybertipId);
        break;
      default:
        break;
    }
  }
  for (const cybertipId of cybertipIds) {
    events.push({
      type: 'cybertip.decision_overturned',
      subject: { kind: 'cybertip', id: cybertipId },
      actor: actor,
      at,
      reason: why,
      payload: { appealId: row.id, actionId: row.action_id, accountId },
    });
  }
  const identifiersLifted = blocked || restoreAccount ? await lift(w, deps, accountId, at) : 0;
  return { events, restored: { account: restoreAccount, contentIds, identifiersLifted }, cybertipIds };
}

/** Off the ban-evasion registry, in this unit of work; through the open registry so that this process's memory follows at commit. */
async function lift(w: UnitOfWork, deps: DecideAppealDeps, accountId: string, at: string): Promise<number> {
  const registry = deps.blockRegistry?.current;
  return registry ? registry.liftAccountIdentifiers(w, accountId, at) : liftRegistryRows(w.tx, accountId, at);
}
