// A piece of content's state as a fold over its events.
import type { NewEvent } from '../events.js';

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
  switch (e.type) {
    case 'content.ingested': {
      if (state) return state;
      const p = e.payload;
      return {
        id: e.subject.id,
        authorId: p.authorId,
        kind: p.kind,
        status: 'active',
        createdAt: p.createdAt,
        ingestedAt: e.at,
        mediaCount: p.media.length,
        signals: [],
        actions: [],
        updatedAt: e.at,
      };
    }
    case 'signal.recorded': {
      if (!state) return state;
      const { signal, source, strength, clause } = e.payload;
      return { ...state, signals: [...state.signals, { signal, source, strength, clause }], updatedAt: e.at };
    }
    case 'action.taken':
    case 'action.reverted': {
      if (!state) return state;
      const action = e.payload.action;
      const actions = [...state.actions, e.type === 'action.taken' ? action : `revert:${action}`];
      return { ...state, status: contentStatusAfter(state.status, e.type, action), actions, updatedAt: e.at };
    }
    case 'content.deleted':
      if (!state) return state;
      return { ...state, status: 'deleted', updatedAt: e.at };
    case 'content.restored':
      // The platform put the item back (after vigie restored it, or an appeal succeeded).
      if (!state || state.status === 'active') return state;
      return { ...state, status: 'active', updatedAt: e.at };
    default:
      return state;
  }
}

// Removal hides an item; restoring puts back only what a removal hid. What the account
// holder deleted stays deleted: neither action can bring it back.
function contentStatusAfter(status: ContentStatus, type: 'action.taken' | 'action.reverted', action: string): ContentStatus {
  const undoesRemoval = (type === 'action.taken' && action === 'restore_content') || (type === 'action.reverted' && action === 'remove_content');
  if (type === 'action.taken' && action === 'remove_content') return status === 'active' ? 'removed' : status;
  if (undoesRemoval) return status === 'removed' ? 'active' : status;
  return status;
}
