// A piece of content's state as a fold over its events.
import type { NewEvent, JsonValue } from '../events.js';

export type ContentStatus = 'active' | 'removed' | 'deleted';

export interface SignalSummary {
  signal: string;
  source: string;
  strength: number;
  clause: string | null;
}

export interface ContentState {
  id: string;
  authorId: string;
  kind: string;
  status: ContentStatus;
  createdAt: string;
  ingestedAt: string;
  mediaCount: number;
  signals: SignalSummary[];
  actions: string[];
  updatedAt: string;
}

export function foldContent(state: ContentState | undefined, e: NewEvent): ContentState | undefined {
  const p = e.payload;
  switch (e.type) {
    case 'content.ingested':
      if (state) return state;
      return {
        id: e.subject.id,
        authorId: str(p.authorId),
        kind: str(p.kind),
        status: 'active',
        createdAt: str(p.createdAt),
        ingestedAt: e.at,
        mediaCount: Array.isArray(p.media) ? p.media.length : 0,
        signals: [],
        actions: [],
        updatedAt: e.at,
      };
    case 'signal.recorded':
      if (!state) return state;
      return {
        ...state,
        signals: [
          ...state.signals,
          { signal: str(p.signal), source: str(p.source), strength: typeof p.strength === 'number' ? p.strength : 0, clause: typeof p.clause === 'string' ? p.clause : null },
        ],
        updatedAt: e.at,
      };
    case 'action.taken':
    case 'action.reverted': {
      if (!state) return state;
      const action = str(p.action);
      const actions = [...state.actions, e.type === 'action.taken' ? action : `revert:${action}`];
      let status = state.status;
      if (e.type === 'action.taken' && action === 'remove_content') status = 'removed';
      if ((e.type === 'action.taken' && action === 'restore_content') || (e.type === 'action.reverted' && action === 'remove_content')) status = 'active';
      return { ...state, status, actions, updatedAt: e.at };
    }
    case 'content.deleted':
      if (!state) return state;
      return { ...state, status: 'deleted', updatedAt: e.at };
    default:
      return state;
  }
}

function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}
