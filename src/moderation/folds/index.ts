// Which fold rebuilds which cached table state.
import type { NewEvent } from '../events.js';
import { foldAccount, type AccountState } from './account.js';
import { foldContent, type ContentState } from './content.js';
import { foldCase, type CaseState } from './case.js';

export { foldAccount, foldContent, foldCase };
export type { AccountState, ContentState, CaseState };

export function foldAll<S>(fold: (s: S | undefined, e: NewEvent) => S | undefined, events: Iterable<NewEvent>): S | undefined {
  let state: S | undefined;
  for (const e of events) state = fold(state, e);
  return state;
}
