// The periodic purge of expired preservation holds (services/vault/purge-holds.ts): each
// purge is in the log (evidence.purged) and in the process log, hold by hold. Safe in every
// process at once: a hold is locked and read again before it is purged.
import type { Logger } from 'pino';
import type { PeriodicTask } from './periodic.js';
import type { Services } from '../services/services.js';
import { purgeExpiredHolds } from '../services/vault/purge-holds.js';
import { vaultDepsOf } from '../services/vault/vault.js';

export function holdPurgeTask(s: Services, logger?: Logger): PeriodicTask {
  return {
    name: 'expired hold purge',
    roles: ['api', 'indexer'],
    everyMs: s.config.vault.purgeEveryMs,
    run: async () => {
      for (const p of await purgeExpiredHolds(vaultDepsOf(s))) {
        logger?.info({ holdId: p.holdId, media: p.media.length, snapshots: p.snapshots.length, kept: p.kept.length }, 'expired hold purged');
      }
    },
  };
}
