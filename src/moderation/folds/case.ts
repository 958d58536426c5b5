// A case's state (the unit of human review) as a fold over its events.
import type { NewEvent, JsonValue } from '../events.js';

export type CaseStatus = 'open' | 'escalated' | 'decided' | 'closed';

export interface CaseState {
  id: string;
  subjectKind: string;
  subjectId: string;
  status: CaseStatus;
  priority: number;
  /** Sextortion toward a minor: first in the queue (its priority is URGENT_PRIORITY). */
  urgent: boolean;
  assigneeId: string | null;
  reportIds: string[];
  /** The content that made the case and joined it since, oldest first. */
  contentIds: string[];
  comments: number;
  decision: JsonValue | null;
  openedAt: string;
  updatedAt: string;
}

export function foldCase(state: CaseState | undefined, e: NewEvent): CaseState | undefined {
  if (e.type === 'case.opened') {
    if (state) return state;
    const p = e.payload;
    return {
      id: e.subject.id,
      subjectKind: p.subjectKind,
      subjectId: p.subjectId,
      status: 'open',
      priority: p.priority,
      urgent: p.urgent,
      assigneeId: null,
      reportIds: [...p.reportIds],
      contentIds: [...(p.contentIds ?? [])],
      comments: 0,
      decision: null,
      openedAt: e.at,
      updatedAt: e.at,
    };
  }
  if (!state) return state;
  switch (e.type) {
    case 'report.filed':
      return { ...state, reportIds: [...state.reportIds, e.payload.reportId], updatedAt: e.at };
    case 'case.joined': {
      const p = e.payload;
      return {
        ...state,
        priority: Math.max(state.priority, p.priority),
        urgent: state.urgent || p.urgent,
        reportIds: union(state.reportIds, p.reportIds),
        contentIds: union(state.contentIds, p.contentIds),
        updatedAt: e.at,
      };
    }
    case 'case.assigned':
      return { ...state, assigneeId: e.payload.assigneeId, updatedAt: e.at };
    case 'case.unassigned':
      return { ...state, assigneeId: null, updatedAt: e.at };
    case 'case.escalated':
      return { ...state, status: 'escalated', priority: e.payload.priority ?? state.priority, updatedAt: e.at };
    case 'case.commented':
      return { ...state, comments: state.comments + 1, updatedAt: e.at };
    case 'case.decided':
      return { ...state, status: 'decided', decision: e.payload.decision, updatedAt: e.at };
    case 'case.closed':
      return { ...state, status: 'closed', assigneeId: null, updatedAt: e.at };
    default:
      return state;
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}
