// A seed library for tests of the review workflow (and, later, the console): accounts and
// posts through the platform API, reports through the report service, staff of each role
// signed in, cases claimed. One call each, so that a test says what it needs, not how.
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { fileReport, type ReportFiled, type ReportInput } from '../../src/services/reports/file-report.js';
import type { ReportReasonId } from '../../src/policy/report-reasons.js';
import { addStaff, signIn, type Session, type TestStaff } from '../http/staff-harness.js';
import type { Role } from '../../src/services/staff/roles.js';

let next = 0;
/** A fresh id with a readable prefix, unique within the test process. */
export function freshId(prefix: string): string {
  next++;
  return `${prefix}-${process.pid}-${next}`;
}

export async function seedAccount(t: TestApp, id = freshId('acct'), body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.app.inject({ method: 'PUT', url: `/v1/accounts/${id}`, headers: t.auth(), payload: body });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return id;
}

/** A plain public post (no signal), by a new account unless one is named. */
export async function seedPost(t: TestApp, options: { id?: string; author?: string; text?: string } = {}): Promise<{ id: string; author: string }> {
  const id = options.id ?? freshId('post');
  const author = options.author ?? (await seedAccount(t));
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: { id, kind: 'post', author: { id: author }, text: options.text ?? 'a plain post about the weather', createdAt: t.clock.now.toISOString() },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id, author };
}

/** A report on a post by a platform user (a new one unless named), as POST /v1/reports files it. */
export async function seedReport(
  t: TestApp,
  subject: { kind: 'account' | 'content'; id: string },
  options: { reason?: ReportReasonId; reporter?: string; platform?: string; extra?: Partial<ReportInput> } = {},
): Promise<ReportFiled> {
  return fileReport(
    t.ctx,
    {
      platform: options.platform ?? 'default',
      subject,
      reason: options.reason ?? 'sexualised-comment',
      reporter: { kind: 'account', id: options.reporter ?? freshId('reporter') },
      clientKey: freshId('report'),
      ...options.extra,
    },
    { kind: 'api_key', id: 'seed' },
  );
}

/** A post with a report on it: its case, open in the user-reports queue. */
export async function seedReportedPost(t: TestApp, reason: ReportReasonId = 'sexualised-comment'): Promise<{ post: string; author: string; caseId: string }> {
  const { id, author } = await seedPost(t);
  const filed = await seedReport(t, { kind: 'content', id }, { reason });
  assert.ok(filed.caseId);
  return { post: id, author, caseId: filed.caseId };
}

export interface SignedIn extends TestStaff {
  session: Session;
}

/** A staff member of the role, signed in. */
export async function seedStaff(t: TestApp, role: Role, platforms?: string[]): Promise<SignedIn> {
  const who = await addStaff(t, freshId(role.replace('_', '-')).toLowerCase(), role, undefined, platforms);
  return { ...who, session: await signIn(t, who) };
}
