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
  // Absent on cases from before review queues, so that their folds read as they did.
  /** The review queue the case was routed to. */
  queue?: string;
  /** Until when the assignee's claim holds. */
  leaseUntil?: string | null;
  /** Who the case waits for after an escalation. */
  escalatedTo?: 'senior-reviewer' | 'legal';
  /** A reviewer's finding (an exception) waiting for a senior's answer. */
  pendingFinding?: JsonValue;
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
      ...(p.queue !== undefined ? { queue: p.queue } : {}),
    };
  }
  if (!state) return state;
  switch (e.type) {
    case 'report.filed':
      return {
        ...state,
        reportIds: [...state.reportIds, e.payload.reportId],
        priority: Math.max(state.priority, e.payload.priority ?? state.priority),
        updatedAt: e.at,
      };
    case 'case.assigned':
      return {
        ...state,
        assigneeId: e.payload.assigneeId,
        ...(e.payload.leaseUntil !== undefined ? { leaseUntil: e.payload.leaseUntil } : {}),
        updatedAt: e.at,
      };
    case 'case.unassigned':
      return { ...state, assigneeId: null, ...(state.leaseUntil !== undefined ? { leaseUntil: null } : {}), updatedAt: e.at };
    case 'case.escalated':
      return {
        ...state,
        status: 'escalated',
        priority: e.payload.priority ?? state.priority,
        ...(e.payload.to !== undefined ? { escalatedTo: e.payload.to } : {}),
        ...(e.payload.queue !== undefined ? { queue: e.payload.queue } : {}),
        ...(e.payload.finding !== undefined ? { pendingFinding: e.payload.finding } : {}),
        updatedAt: e.at,
      };
    case 'case.commented':
      return { ...state, comments: state.comments + 1, updatedAt: e.at };
    case 'case.decided':
      return { ...state, status: 'decided', decision: e.payload.decision, updatedAt: e.at };
    case 'case.closed':
      return { ...state, status: 'closed', assigneeId: null, ...(state.leaseUntil !== undefined ? { leaseUntil: null } : {}), updatedAt: e.at };
    case 'case.reprioritised':
      if (state.status !== 'open' && state.status !== 'escalated') return state;
      return { ...state, priority: Math.max(state.priority, e.payload.priority), updatedAt: e.at };
    default:
      return state;
  }
}
