// Who is working a case: a signed-in staff member, what their role lets them do, and which
// platforms they see. Routes build it from the session; the case services check it.
import type { Actor } from '../../moderation/events.js';
import { platformOf } from '../../moderation/platform-ids.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { notFound } from '../errors.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';
import type { Permission } from '../staff/roles.js';

export interface Reviewer {
  id: string;
  permissions: readonly Permission[];
  platforms: PlatformAccess;
}

export function reviewerActor(r: Reviewer): Actor {
  return { kind: 'staff', id: r.id };
}

export function may(r: Reviewer, p: Permission): boolean {
  return r.permissions.includes(p);
}

/** The case, if it exists and its subject is on a platform the reviewer sees; otherwise not found. */
export function visibleCase(r: Reviewer, c: CaseState | undefined, id: string): CaseState {
  if (!c || !sees(r.platforms, platformOf(c.subjectId))) throw notFound(`no case with id ${id}`);
  return c;
}

/** Whether the reviewer's claim on the case holds at `now`. */
export function holds(r: Reviewer, c: CaseState, now: string): boolean {
  return c.assigneeId === r.id && (c.leaseUntil === undefined || c.leaseUntil === null || c.leaseUntil >= now);
}
