// A decision's refer_inhope step (a reviewer found a link to material hosted elsewhere)
// queues a 'referral.prepare' job in the decision's unit of work: resolving the host and
// reading the GeoIP database happen on a worker, outside any transaction, and the referral
// then waits for the legal role to send it. Preparing twice makes one (same URL and case).
import { z } from 'zod';
import type { LoggedEvent } from '../../moderation/events.js';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import { cybertipById } from '../../store/cybertip-reports.js';
import type { HandlerRegistry } from '../../work/handlers.js';
import type { JobQueue } from '../../work/queue.js';
import { prepareReferralForDecision, type ReferralDeps } from './referrals.js';

export const REFERRAL_PREPARE_JOB_KIND = 'referral.prepare';

export const ReferralPayload = z.strictObject({
  url: z.string().min(1).max(4096),
  country: z.string().nullable(),
  clauses: z.array(z.string()).max(20),
  /** The report the same decision drafted, if any: the referral names it and its case. */
  cybertipId: z.string().nullable(),
});
export type ReferralPayload = z.infer<typeof ReferralPayload>;

/** Queues one job per refer_inhope action among `logged`. */
export async function enqueueReferrals(w: UnitOfWork, jobs: JobQueue, logged: readonly LoggedEvent[]): Promise<void> {
  const cybertipId = logged.find((e) => e.type === 'cybertip.drafted')?.subject.id ?? null;
  for (const e of logged) {
    if (e.type !== 'action.taken' || e.payload.action !== 'refer_inhope' || !e.payload.url) continue;
    const payload: ReferralPayload = { url: e.payload.url, country: e.payload.country ?? null, clauses: e.payload.clauses ?? [], cybertipId };
    await jobs.enqueueIn(w, REFERRAL_PREPARE_JOB_KIND, payload, { dedupeKey: `${REFERRAL_PREPARE_JOB_KIND}:${e.seq}` });
  }
}

export function registerReferralHandlers(registry: HandlerRegistry, deps: () => Promise<ReferralDeps>): HandlerRegistry {
  return registry.register<ReferralPayload>(
    REFERRAL_PREPARE_JOB_KIND,
    async (p) => {
      const d = await deps();
      const report = p.cybertipId ? await cybertipById(d.store.db, p.cybertipId) : undefined;
      await prepareReferralForDecision(d, {
        url: p.url,
        caseId: report?.case_id ?? null,
        cybertipId: p.cybertipId,
        clause: p.clauses.includes('content.link-to-material') ? 'content.link-to-material' : (p.clauses[0] ?? 'content.link-to-material'),
        countryHint: p.country,
      });
    },
    { parse: (p) => ReferralPayload.parse(p), timeoutMs: 60_000 },
  );
}
