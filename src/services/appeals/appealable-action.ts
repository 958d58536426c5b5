// Which actions may be appealed: a suspension or a lock of an account (the policy: "a
// suspended user may appeal"; a lock until deletion restricts the account too). Removals
// without notice are not offered an appeal page, since the person is never told of them.
import type { LoggedEvent, LoggedEventOf } from '../../moderation/events.js';
import { actionById } from '../../store/actions.js';
import type { Tx } from '../../store/transaction.js';
import { platformOf } from '../../moderation/platform-ids.js';
import { notFound, unprocessable } from '../errors.js';

export const APPEALABLE_ACTIONS = ['suspend_account', 'lock_account'] as const;
export type AppealableAction = (typeof APPEALABLE_ACTIONS)[number];

export interface Appealable {
  event: LoggedEventOf<'action.taken'>;
  kind: AppealableAction;
  accountId: string;
  platform: string;
}

export function appealableKind(e: LoggedEvent): AppealableAction | null {
  if (e.type !== 'action.taken' || e.subject.kind !== 'account') return null;
  const a = e.payload.action;
  return a === 'suspend_account' || a === 'lock_account' ? a : null;
}

/** The action, if it exists and is one that may be appealed; `platform`: the caller's, when a platform asks (another's is not found). */
export async function appealableAction(db: Tx, actionId: string, platform?: string): Promise<Appealable> {
  const event = await actionById(db, actionId);
  if (!event || (platform !== undefined && platformOf(event.subject.id) !== platform)) throw notFound(`no action with id ${actionId}`);
  const kind = appealableKind(event);
  if (!kind) throw unprocessable('only a suspension or a lock of an account can be appealed');
  return { event: event as LoggedEventOf<'action.taken'>, kind, accountId: event.subject.id, platform: platformOf(event.subject.id) };
}
