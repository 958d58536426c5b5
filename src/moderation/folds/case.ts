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
      urgent: p.urgent,
      assigneeId: null,
      reportIds: [...p.reportIds],
      contentIds: [...(p.contentIds ?? [])],
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

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}
