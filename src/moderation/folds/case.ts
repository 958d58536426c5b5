// A case's state (the unit of human review) as a fold over its events.
import type { NewEvent, JsonValue } from '../events.js';

export type CaseStatus = 'open' | 'escalated' | 'decided' | 'closed';

export interface CaseState {
  id: string;
  subjectKind: string;
  subjectId: string;
  status: CaseStatus;
  priority: number;
  assigneeId: string | null;
  reportIds: string[];
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
      assigneeId: null,
      reportIds: [...p.reportIds],
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
    case 'case.reprioritised':
      if (state.status !== 'open' && state.status !== 'escalated') return state;
      return { ...state, priority: Math.max(state.priority, e.payload.priority), updatedAt: e.at };
    default:
      return state;
  }
}
