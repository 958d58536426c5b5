// What a reviewer sees of a case and of the queues: the case's state with the platform's own
// ids, the reports that joined it (what the reporter said, never who they are beyond their
// kind, nor their contact), and its history from the moderation log.
import type { Store } from '../../store/store.js';
import { caseById, casesInQueue, queueSummaries, type QueueSummary } from '../../store/cases.js';
import { reportsOfCase } from '../../store/reports.js';
import { eventsOf } from '../../store/log-store.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { JsonObject } from '../../moderation/events.js';
import { DEFAULT_PLATFORM, PLATFORM_SEPARATOR, externalId, platformOf } from '../../moderation/platform-ids.js';
import { forbidden } from '../errors.js';
import { may, visibleCase, type Reviewer } from './reviewer.js';

export interface CaseView {
  id: string;
  subject: { kind: string; id: string; platform: string };
  status: string;
  queue: string;
  priority: number;
  assigneeId: string | null;
  leaseUntil: string | null;
  escalatedTo: string | null;
  pendingSenior: boolean;
  openedAt: string;
  updatedAt: string;
}

export interface CaseReportView {
  id: string;
  reason: string;
  text: string | null;
  links: string[];
  reporterKind: string;
  at: string;
}

export interface CaseHistoryEntry {
  seq: number;
  type: string;
  actor: { kind: string; id: string | null };
  at: string;
  reason: string | null;
  payload: JsonObject;
}

export function caseView(c: CaseState): CaseView {
  return {
    id: c.id,
    subject: { kind: c.subjectKind, id: subjectIdFor(c), platform: platformOf(c.subjectId) },
    status: c.status,
    queue: c.queue ?? 'general',
    priority: c.priority,
    assigneeId: c.assigneeId,
    leaseUntil: c.leaseUntil ?? null,
    escalatedTo: c.escalatedTo ?? null,
    pendingSenior: c.pendingFinding !== undefined && c.status === 'escalated',
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
  };
}

export async function caseDetail(
  store: Pick<Store, 'db'>,
  r: Reviewer,
  caseId: string,
): Promise<{ case: CaseView; reports: CaseReportView[]; history: CaseHistoryEntry[] }> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  const c = visibleCase(r, await caseById(store.db, caseId), caseId);
  const reports = (await reportsOfCase(store.db, c.id)).map((row) => ({
    id: row.id,
    reason: row.category,
    text: row.text,
    links: JSON.parse(row.links_json) as string[],
    reporterKind: row.reporter_kind,
    at: row.created_at,
  }));
  const history = (await eventsOf(store.db, { kind: 'case', id: c.id })).map((e) => ({
    seq: e.seq,
    type: e.type,
    actor: e.actor,
    at: e.at,
    reason: e.reason,
    payload: e.payload as JsonObject,
  }));
  return { case: caseView(c), reports, history };
}

export async function queueOverview(store: Pick<Store, 'db'>, r: Reviewer, now: Date): Promise<QueueSummary[]> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  return queueSummaries(store.db, now.toISOString(), r.platforms);
}

export async function queuePage(store: Pick<Store, 'db'>, r: Reviewer, queue: string, limit: number): Promise<CaseView[]> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  return (await casesInQueue(store.db, queue, limit, r.platforms)).map(caseView);
}

/** The platform's own ids: a conversation's key names two accounts, each with the prefix. */
function subjectIdFor(c: CaseState): string {
  if (c.subjectKind !== 'conversation') return externalId(c.subjectId);
  const platform = platformOf(c.subjectId);
  return platform === DEFAULT_PLATFORM ? c.subjectId : c.subjectId.split(platform + PLATFORM_SEPARATOR).join('');
}
