// What a platform is shown of its own subjects: its own ids, without the platform prefix
// that keeps them apart inside vigie (src/moderation/platform-ids.ts). The default
// platform's ids carry no prefix, so its states go out as they are, with no copy.
import type { AccountState } from '../../moderation/folds/account.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { DEFAULT_PLATFORM, externalId } from '../../moderation/platform-ids.js';

export function contentForPlatform(platform: string, state: ContentState): ContentState {
  if (platform === DEFAULT_PLATFORM) return state;
  return { ...state, id: externalId(state.id), authorId: externalId(state.authorId) };
}

export function accountForPlatform(platform: string, state: AccountState): AccountState {
  if (platform === DEFAULT_PLATFORM) return state;
  return { ...state, id: externalId(state.id), pendingDeletion: state.pendingDeletion.map(externalId) };
}
