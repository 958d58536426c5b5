// The platform asks for the token (and the link) to put in its notice to the person whose
// account was suspended or locked. Minting writes nothing: the token is its own proof.
import type { Store } from '../../store/store.js';
import { appealTokenKey } from '../../store/appeal-token-key.js';
import { appealableAction } from './appealable-action.js';
import { mintAppealToken } from './appeal-token.js';

export interface MintDeps {
  store: Store;
  now(): Date;
  config: { appeals: { tokenTtlMs: number }; enforcement: { appealUrl: string } };
}

export interface MintedToken {
  token: string;
  expiresAt: string;
  /** The appeal page with the token, for the notice. */
  url: string;
}

export async function mintToken(deps: MintDeps, platform: string, actionId: string): Promise<MintedToken> {
  await appealableAction(deps.store.db, actionId, platform);
  const expiresAt = new Date(deps.now().getTime() + deps.config.appeals.tokenTtlMs);
  const token = mintAppealToken(await appealTokenKey(deps.store), actionId, expiresAt);
  const base = deps.config.enforcement.appealUrl;
  return { token, expiresAt: expiresAt.toISOString(), url: `${base}${base.includes('?') ? '&' : '?'}token=${token}` };
}
