// What the platform API shows of an account or a piece of content: its state, folded from
// the moderation log, and how many events it has.
import type { Store } from '../../store/store.js';
import { accountState, contentState } from '../../store/subject-states.js';
import { countEventsOf } from '../../store/log-store.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { ContentState } from '../../moderation/folds/content.js';

export async function accountView(store: Store, id: string): Promise<{ state: AccountState; events: number } | undefined> {
  const state = await accountState(store.db, id);
  return state && { state, events: await countEventsOf(store.db, { kind: 'account', id }) };
}

export async function contentView(store: Store, id: string): Promise<{ state: ContentState; events: number } | undefined> {
  const state = await contentState(store.db, id);
  return state && { state, events: await countEventsOf(store.db, { kind: 'content', id }) };
}
