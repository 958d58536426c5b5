// What every page of the console reads: the signed-in member, the texts in their language,
// their wellness settings and the policy's clauses.
import { createContext, useContext } from 'react';
import type { Messages, Language } from './messages';
import type { Policy, ReviewerSettings, Session } from './types';

export interface ConsoleState {
  session: Session;
  t: Messages;
  lang: Language;
  setLang(lang: Language): void;
  settings: ReviewerSettings;
  setSettings(s: ReviewerSettings): void;
  policy: Policy | null;
  /** Tells screen-reader users (and everyone, in the status line) what just happened. */
  announce(text: string): void;
  may(permission: string): boolean;
}

export const ConsoleContext = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}

/** A clause's title in the reader's language, or its id when the policy has no such clause. */
export function clauseTitle(state: Pick<ConsoleState, 'policy' | 'lang'>, id: string): string {
  const c = state.policy?.clauses.find((x) => x.id === id);
  return c ? c.title[state.lang] : id;
}
