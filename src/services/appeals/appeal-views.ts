// Appeals as the API and the pages show them. Staff see what the person wrote; the person
// (by their token) and the platform see the status, the deadline and the outcome.
import type { AppealRow } from '../../store/appeals.js';
import { externalId } from '../../moderation/platform-ids.js';

export type AppealStatus = 'open' | 'upheld' | 'overturned';

export interface AppealView {
  id: string;
  status: AppealStatus;
  queue: string;
  platform: string;
  accountId: string;
  action: { id: string; kind: string };
  via: string;
  filedAt: string;
  dueAt: string;
  resolvedAt: string | null;
  /** The reviewer's reason, written for the appellant. */
  reason: string | null;
}

export interface StaffAppealView extends AppealView {
  statement: string;
  lang: string;
  assigneeId: string | null;
  leaseUntil: string | null;
  resolvedBy: string | null;
  /** The staff who may not take it (the original decision's). */
  excluded: string[];
  overdue: boolean;
}

export function appealView(r: AppealRow): AppealView {
  return {
    id: r.id,
    status: r.status as AppealStatus,
    queue: r.queue,
    platform: r.platform,
    accountId: externalId(r.account_id),
    action: { id: r.action_id, kind: r.action_kind },
    via: r.via,
    filedAt: r.filed_at,
    dueAt: r.due_at,
    resolvedAt: r.resolved_at,
    reason: r.resolution_reason,
  };
}

export function staffAppealView(r: AppealRow, now: Date): StaffAppealView {
  return {
    ...appealView(r),
    statement: r.statement,
    lang: r.lang,
    assigneeId: r.assignee_id,
    leaseUntil: r.lease_until,
    resolvedBy: r.resolved_by,
    excluded: JSON.parse(r.excluded_json) as string[],
    overdue: r.status === 'open' && r.due_at < now.toISOString(),
  };
}
