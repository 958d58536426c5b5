// vigie's periodic tasks, with the roles that run them. Memory that mirrors the database
// (the bank index, the block registry) is refreshed in every process that matches against
// it; what changes the database (the purge) runs in one role only.
import type { Logger } from 'pino';
import type { Services } from '../services/services.js';
import type { PeriodicTask } from './periodic.js';
import { sweepStaleUploads } from '../services/ingest/media-uploads.js';
import { holdPurgeTask } from './hold-purge.js';
import { alertOverdueDrafts } from '../services/cybertip/overdue.js';
import { statementSubmissionTask } from './statement-submission.js';
import { deadlineCheckTask } from './deadline-check.js';
// Banks change under other processes too (a CLI import, another API node).
import { BANK_INDEX_REFRESH_MS } from '../services/banks/known-material-index.js';

/** How often memory picks up other processes' blocks and lifts. */
const BLOCK_REGISTRY_REFRESH_MS = 1_000;
/** Expired IP entries are deleted hourly, well within their 30-day life. */
const BLOCK_REGISTRY_PURGE_MS = 60 * 60 * 1000;
const SIGNUP_SWEEP_MS = 60 * 60 * 1000;
/** The indexer saves the PDQ index for other processes to start from. */
const SNAPSHOT_MS = 10 * 60 * 1000;
/** Media uploads are spooled to temporary files for the length of a request; one an hour old was left by a crash. */
const UPLOAD_SWEEP_MS = 10 * 60 * 1000;
export const STALE_UPLOAD_MS = 60 * 60 * 1000;
/** CyberTipline drafts past their deadline are looked for every minute. */
const CYBERTIP_OVERDUE_MS = 60 * 1000;

/** The tasks of what this process holds (the bank index, the api's uploads); each runs in the roles it names. */
export function periodicTasks(s: Services, logger?: Logger): PeriodicTask[] {
  const index = s.knownMaterial;
  const api = s.api;
  return [
    ...(index
      ? [
          { name: 'bank index refresh', roles: ['api', 'indexer'] as const, everyMs: BANK_INDEX_REFRESH_MS, run: () => index.refresh() },
          { name: 'bank index snapshot', roles: ['indexer'] as const, everyMs: SNAPSHOT_MS, run: () => index.saveSnapshot() },
        ]
      : []),
    { name: 'block registry refresh', roles: ['api'], everyMs: BLOCK_REGISTRY_REFRESH_MS, run: async () => (await s.blockRegistry.get()).refresh() },
    ...(api
      ? [
          {
            // The API processes spool uploads into their data folder, so they sweep it.
            name: 'stale upload sweep',
            roles: ['api'] as const,
            everyMs: UPLOAD_SWEEP_MS,
            run: async () => {
              // The snapshot tree's temporary files too (a hold placed when a process died).
              const n = (await sweepStaleUploads(api.media, s.now(), STALE_UPLOAD_MS)) + (await sweepStaleUploads(s.vault.snapshots, s.now(), STALE_UPLOAD_MS));
              if (n > 0) logger?.info({ files: n }, 'stale temporary uploads deleted');
            },
          },
        ]
      : []),
    {
      // Alerted once per draft (a compare-and-set on its row), so any worker may run it.
      name: 'cybertip overdue drafts',
      roles: ['worker'],
      everyMs: CYBERTIP_OVERDUE_MS,
      run: async () => void (await alertOverdueDrafts({ store: s.store, now: s.now, log: logger })),
    },
    ...statementSubmissionTask(s, logger),
    ...deadlineCheckTask(s, logger),
    // Expired entries already never match; the sweep frees their memory.
    { name: 'signup sweep', roles: ['api'], everyMs: SIGNUP_SWEEP_MS, run: async () => (await s.blockRegistry.get()).sweep(s.now()) },
    {
      // Data minimisation: an expired IP entry serves no purpose (BlockRegistry.purgeExpired);
      // the log keeps the block, kinds only.
      name: 'block registry purge',
      // Idempotent, so every api process may run it too: a deployment without an indexer
      // must not keep expired IP entries.
      roles: ['api', 'indexer'],
      everyMs: BLOCK_REGISTRY_PURGE_MS,
      run: async () => {
        const n = await (await s.blockRegistry.get()).purgeExpired(s.now());
        if (n > 0) logger?.info({ entries: n }, 'expired IP entries deleted from the block registry');
      },
    },
    // Preservation holds past their end: their evidence is deleted unless another hold covers it.
    holdPurgeTask(s, logger),
  ];
}
