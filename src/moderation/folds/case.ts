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
  const p = e.payload;
  if (e.type === 'case.opened') {
    if (state) return state;
    return {
      id: e.subject.id,
      subjectKind: typeof p.subjectKind === 'string' ? p.subjectKind : '',
      subjectId: typeof p.subjectId === 'string' ? p.subjectId : '',
      status: 'open',
      priority: typeof p.priority === 'number' ? p.priority : 0,
      assigneeId: null,
      reportIds: Array.isArray(p.reportIds) ? p.reportIds.filter((x): x is string => typeof x === 'string') : [],
      comments: 0,
      decision: null,
      openedAt: e.at,
      updatedAt: e.at,
    };
  }
  if (!state) return state;
  switch (e.type) {
    case 'report.filed':
      return typeof p.reportId === 'string' ? { ...state, reportIds: [...state.reportIds, p.reportId], updatedAt: e.at } : state;
    case 'case.assigned':
      return { ...state, assigneeId: typeof p.assigneeId === 'string' ? p.assigneeId : null, updatedAt: e.at };
    case 'case.unassigned':
      return { ...state, assigneeId: null, updatedAt: e.at };
    case 'case.escalated':
      return { ...state, status: 'escalated', priority: typeof p.priority === 'number' ? p.priority : state.priority, updatedAt: e.at };
    case 'case.commented':
      return { ...state, comments: state.comments + 1, updatedAt: e.at };
    case 'case.decided':
      return { ...state, status: 'decided', decision: p.decision ?? null, updatedAt: e.at };
    case 'case.closed':
      return { ...state, status: 'closed', assigneeId: null, updatedAt: e.at };
    default:
      return state;
  }
}
