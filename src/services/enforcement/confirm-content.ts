// The platform says it carried out a deletion or a restoration. A deletion counts toward
// lifting a lock until deletion: when the last item listed is gone the account's lock
// lifts by itself (the fold), and the platform is told with an `unlock_account` action
// taken through the one enforcement path, like any other action.
import type { Store } from '../../store/store.js';
import { accountState, contentState } from '../../store/subject-states.js';
import { SYSTEM, type Actor, type NewEvent } from '../../moderation/events.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { notFound } from '../errors.js';
import { scopedId } from '../../moderation/platform-ids.js';
import { contentForPlatform } from '../platforms/platform-views.js';
import type { Enforcement } from './enforce-decision.js';

export type Confirmation = 'deleted' | 'restored';

export interface Confirmed {
  state: ContentState;
  accountStatus: string;
  changed: boolean;
}

export async function confirmContent(
  deps: { store: Store; enforcement: Enforcement },
  platform: string,
  platformId: string,
  action: Confirmation,
  actor: Actor,
  at: string,
): Promise<Confirmed> {
  // Another platform's item of the same id is another item: a platform confirms only its own.
  const id = scopedId(platform, platformId);
  const confirmed = await deps.store.write(async (w): Promise<Confirmed> => {
    const content = await contentState(w.tx, id);
    if (!content) throw notFound(`no content with id ${platformId}`);
    const before = await accountState(w.tx, content.authorId);
    const wanted = action === 'deleted' ? 'deleted' : 'active';
    if (content.status === wanted) return { state: content, accountStatus: before?.status ?? 'active', changed: false };
    const events: NewEvent[] = [];
    if (action === 'deleted') {
      events.push({ type: 'content.deleted', subject: { kind: 'content', id }, actor, at, reason: 'confirmed by the platform', payload: {} });
      if (before?.pendingDeletion.includes(id)) {
        events.push({
          type: 'content.deleted',
          subject: { kind: 'account', id: content.authorId },
          actor,
          at,
          reason: 'an item listed for deletion was deleted',
          payload: { contentIds: [id] },
        });
      }
    } else {
      events.push({ type: 'content.restored', subject: { kind: 'content', id }, actor, at, reason: 'confirmed by the platform', payload: {} });
    }
    const { projected } = await w.append(events);
    const after = projected.accounts.get(content.authorId) ?? before;
    if (before?.status === 'locked' && after?.status !== 'locked') {
      const unlock: NewEvent = {
        type: 'action.taken',
        subject: { kind: 'account', id: content.authorId },
        actor: SYSTEM,
        at,
        reason: 'every item listed for deletion was deleted: the lock lifts',
        payload: { action: 'unlock_account', consequence: 'consequence.lock-until-deletion' },
      };
      await deps.enforcement.takeActions(w, [unlock], [], at);
    }
    return { state: projected.content.get(id)!, accountStatus: after?.status ?? 'active', changed: true };
  });
  return { ...confirmed, state: contentForPlatform(platform, confirmed.state) };
}
