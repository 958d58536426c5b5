// What the holder of an appeal token may see and do: nothing with a token that is malformed,
// forged or expired; otherwise the appeal they filed (its status, deadline and outcome), or,
// when none was filed, whether the restriction still holds and can be appealed.
import type { Store } from '../../store/store.js';
import { appealTokenKey } from '../../store/appeal-token-key.js';
import { appealOfAction } from '../../store/appeals.js';
import { accountState } from '../../store/subject-states.js';
import { ServiceError } from '../errors.js';
import { readAppealToken } from './appeal-token.js';
import { appealableAction, type AppealableAction } from './appealable-action.js';
import { appealView, type AppealView } from './appeal-views.js';

export type TokenStanding =
  | { kind: 'refused'; why: 'malformed' | 'forged' | 'expired' | 'unknown-action' }
  | { kind: 'filed'; actionId: string; appeal: AppealView }
  | { kind: 'open'; actionId: string; action: AppealableAction; holds: boolean };

export async function standingOfToken(deps: { store: Store; now(): Date }, token: string): Promise<TokenStanding> {
  const reading = readAppealToken(await appealTokenKey(deps.store), token, deps.now());
  if (!reading.ok) return { kind: 'refused', why: reading.why };
  const db = deps.store.db;
  const filed = await appealOfAction(db, reading.actionId);
  if (filed) return { kind: 'filed', actionId: reading.actionId, appeal: appealView(filed) };
  try {
    const action = await appealableAction(db, reading.actionId);
    const account = await accountState(db, action.accountId);
    return { kind: 'open', actionId: reading.actionId, action: action.kind, holds: account?.status === 'suspended' || account?.status === 'locked' };
  } catch (err) {
    if (err instanceof ServiceError) return { kind: 'refused', why: 'unknown-action' };
    throw err;
  }
}
