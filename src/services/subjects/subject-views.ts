// What the platform API shows of an account or a piece of content: its state, folded from
// the moderation log, and how many events it has. A platform sees only its own subjects,
// named by its own ids: another platform's subject with the same id is another subject.
import type { Store } from '../../store/store.js';
import { accountState, contentState } from '../../store/subject-states.js';
import { countEventsOf } from '../../store/log-store.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { scopedId } from '../../moderation/platform-ids.js';
import { accountForPlatform, contentForPlatform } from '../platforms/platform-views.js';

export async function accountView(store: Store, platform: string, id: string): Promise<{ state: AccountState; events: number } | undefined> {
  const internal = scopedId(platform, id);
  const state = await accountState(store.db, internal);
  return state && { state: accountForPlatform(platform, state), events: await countEventsOf(store.db, { kind: 'account', id: internal }) };
}

export async function contentView(store: Store, platform: string, id: string): Promise<{ state: ContentState; events: number } | undefined> {
  const internal = scopedId(platform, id);
  const state = await contentState(store.db, internal);
  return state && { state: contentForPlatform(platform, state), events: await countEventsOf(store.db, { kind: 'content', id: internal }) };
}
