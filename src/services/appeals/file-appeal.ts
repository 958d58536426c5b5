// A person appeals a suspension or a lock: through the public page with the token from their
// notice, or through their platform's API on their behalf. One appeal per action (the unique
// key in the appeals table decides, across processes); the restriction must still hold. The
// appeal goes to the appeals queue with its deadline; the staff member who took the action
// may not decide it (checked where it is claimed and decided).
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { Actor } from '../../moderation/events.js';
import { accountState } from '../../store/subject-states.js';
import { appealOfAction, insertAppeal, type AppealRow } from '../../store/appeals.js';
import { conflict } from '../errors.js';
import { appealableAction } from './appealable-action.js';
import { staffAppealView, type StaffAppealView } from './appeal-views.js';

export const APPEALS_QUEUE = 'appeals';

export interface FileAppealDeps {
  store: Store;
  now(): Date;
  config: { appeals: { deadlineMs: number } };
}

export interface AppealInput {
  actionId: string;
  /** What the person says, in their words (kept in the appeals table, never in the log). */
  statement: string;
  lang: 'fr' | 'en';
  via: 'token' | 'platform';
  /** The platform that asks, for the API; the token names its action itself. */
  platform?: string;
}

export async function fileAppeal(deps: FileAppealDeps, input: AppealInput, actor: Actor): Promise<StaffAppealView> {
  const now = deps.now();
  const at = now.toISOString();
  return deps.store.write(async (w) => {
    const action = await appealableAction(w.tx, input.actionId, input.platform);
    if (await appealOfAction(w.tx, input.actionId)) throw conflict('this action has been appealed already: one appeal per action');
    const account = await accountState(w.tx, action.accountId);
    if (!account || (account.status !== 'suspended' && account.status !== 'locked')) {
      throw conflict(`the account is ${account?.status ?? 'unknown'}: the restriction no longer holds, there is nothing to appeal`);
    }
    const taker = action.event.actor;
    const excluded = taker.kind === 'staff' && taker.id !== null ? [taker.id] : [];
    const row: AppealRow = {
      id: `apl_${randomUUID()}`,
      platform: action.platform,
      account_id: action.accountId,
      action_id: input.actionId,
      action_kind: action.kind,
      queue: APPEALS_QUEUE,
      status: 'open',
      via: input.via,
      statement: input.statement,
      lang: input.lang,
      excluded_json: JSON.stringify(excluded),
      assignee_id: null,
      lease_until: null,
      filed_at: at,
      due_at: new Date(now.getTime() + deps.config.appeals.deadlineMs).toISOString(),
      resolved_at: null,
      resolved_by: null,
      resolution_reason: null,
    };
    // Another process filed one for the same action since the check above: the key refuses it.
    if (!(await insertAppeal(w.tx, row))) throw conflict('this action has been appealed already: one appeal per action');
    await w.append([
      {
        type: 'appeal.filed',
        subject: { kind: 'account', id: action.accountId },
        actor,
        at,
        reason: null,
        payload: { appealId: row.id, actionId: input.actionId, action: action.kind, via: input.via, queue: row.queue, dueAt: row.due_at, excluded },
      },
    ]);
    return staffAppealView(row, now);
  });
}
