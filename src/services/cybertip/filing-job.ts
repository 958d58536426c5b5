// The 'cybertip.file' job: one per approval, so that the filing runs on whichever worker
// takes it (database queue or JetStream), with the queue's lease as its single flight and its
// exponential backoff between attempts. The handler resumes the report from its last
// written step (file-report.ts).
import { z } from 'zod';
import type { UnitOfWork } from '../../store/unit-of-work.js';
import { PermanentJobError, type HandlerRegistry } from '../../work/handlers.js';
import type { JobQueue } from '../../work/queue.js';
import { fileReport, FilingRefusedError, type FilingDeps } from './file-report.js';

export const CYBERTIP_FILE_JOB_KIND = 'cybertip.file';
/** The whole chain runs in one job (NCMEC drops an open report left idle); a run that needs longer resumes on the next attempt. */
export const CYBERTIP_FILE_TIMEOUT_MS = 120_000;

export const FilingPayload = z.strictObject({ cybertipId: z.string().min(1).max(200) });
export type FilingPayload = z.infer<typeof FilingPayload>;

/** Queues the filing in the approval's unit of work; `approvalSeq` (the approval event) keys it. */
export async function enqueueFiling(w: UnitOfWork, jobs: JobQueue, cybertipId: string, approvalSeq: number, maxAttempts?: number): Promise<void> {
  await jobs.enqueueIn(w, CYBERTIP_FILE_JOB_KIND, { cybertipId }, { dedupeKey: `${CYBERTIP_FILE_JOB_KIND}:${cybertipId}:${approvalSeq}`, maxAttempts });
}

export function registerFilingHandlers(registry: HandlerRegistry, deps: FilingDeps): HandlerRegistry {
  return registry.register<FilingPayload>(
    CYBERTIP_FILE_JOB_KIND,
    async (payload, ctx) => {
      try {
        await fileReport(deps, payload.cybertipId, ctx.signal);
      } catch (err) {
        if (err instanceof FilingRefusedError) throw new PermanentJobError(err.message);
        throw err;
      }
    },
    { parse: (p) => FilingPayload.parse(p), timeoutMs: CYBERTIP_FILE_TIMEOUT_MS },
  );
}
