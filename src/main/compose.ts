// The composition root: builds every service of a process once, from the configuration
// and one store. Nothing else in a server process creates a queue, a registry, an index
// or a cache, so that each exists once per process and the database (or JetStream, later)
// is the one place where processes meet (`vigie scan` builds its own index: it is a
// process of its own). The HTTP routes, the CLI and the periodic tasks receive what they
// need from here.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';
import { MediaFiles } from '../store/media-files.js';
import { JobStore } from '../store/job-store.js';
import { loadServerSecret } from '../store/server-secret.js';
import { createMetrics } from '../services/metrics.js';
import { KnownMaterialIndex } from '../services/banks/known-material-index.js';
import { BlockRegistry } from '../services/block-registry/block-registry.js';
import { BlockRegistryHandle } from '../services/block-registry/registry-handle.js';
import { RulesLoader, reloadingEngine } from '../services/detection/text-rules.js';
import { Enforcement } from '../services/enforcement/enforce-decision.js';
import { IngestBatches } from '../services/ingest/ingest-batch.js';
import { IngestBatcher } from '../services/ingest/ingest-batcher.js';
import { HashPool } from '../services/media/hash-pool.js';
import { SignupChecks } from '../services/signups/signup-check.js';
import { conversationJudge } from '../moderation/text-signals.js';
import type { Services } from '../services/services.js';

export type { Services };

export interface ComposeOptions {
  now?: () => Date;
  logger?: Logger | false;
}

/**
 * The job queue of a process: the database's today. The one place that chooses it, so
 * that JetStream can take its place (work/queue.ts says how) without touching a caller.
 */
export function jobQueueFor(store: Store, now: () => Date = () => new Date()): JobStore {
  return new JobStore(store, { now });
}

export async function composeServices(config: Config, store: Store, options: ComposeOptions = {}): Promise<Services> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger || undefined;
  const warn = (message: string, detail: unknown) => logger?.warn({ detail }, message);
  const error = (message: string, err: unknown) => logger?.error({ err }, message);
  store.onEffectError = (err) => error('an effect after commit failed', err);

  const metrics = createMetrics(store);
  const jobs = jobQueueFor(store, now);
  const knownMaterial = new KnownMaterialIndex(store, { snapshotPath: join(config.store.dataDir, 'index', 'pdq.snapshot'), now });
  await knownMaterial.load();
  const textRules = new RulesLoader({
    ...(config.detection.textRulesPath ? { rulesPath: config.detection.textRulesPath } : {}),
    termLists: config.detection.textTermLists,
    urlBanks: config.detection.urlBanks,
  });
  await textRules.load();
  // Ingest reads only URL-bank matches of links (see TextEngineOptions.reportLinks).
  const text = reloadingEngine(textRules, { reportLinks: false });

  const blockRegistry = new BlockRegistryHandle(async () =>
    BlockRegistry.open(store, await loadServerSecret(config.store.dataDir, config.secrets.serverSecret), config.blockRegistry),
  );
  // Opened now, outside any transaction (see registry-handle.ts); a failure is retried by
  // the next caller and, meanwhile, reported by those that needed it.
  await blockRegistry
    .get()
    .catch((err: unknown) =>
      warn(
        'the block registry cannot open: blocks of suspended accounts wait as registry.block jobs until it does',
        err instanceof Error ? err.message : String(err),
      ),
    );

  const enforcement = new Enforcement({ blockRegistry, jobs, appealUrl: config.enforcement.appealUrl, warn });
  const batches = new IngestBatches(store, {
    judgeConversation: conversationJudge(text, (err) => warn('text could not be evaluated', err.message)),
    decisions: { options: { autoActionVerifiedBanks: config.enforcement.autoActionVerifiedBanks }, enforcement },
  });
  const ingest = new IngestBatcher(batches, { onBatch: (size) => metrics.ingestBatchSize.observe(size) });
  const signups = new SignupChecks({ store, blockRegistry, now, error });
  const hashPool = new HashPool({
    ...(config.ingest.hashWorkers > 0 ? { size: config.ingest.hashWorkers } : {}),
    maxQueue: config.ingest.hashQueue,
    decodeMemoryBytes: config.ingest.decodeMemoryBytes,
    decode: { maxPixels: config.ingest.maxPixels },
  });

  return {
    config,
    store,
    now,
    metrics,
    media: new MediaFiles(join(config.store.dataDir, 'media')),
    hashPool,
    jobs,
    knownMaterial,
    blockRegistry,
    textRules,
    text,
    enforcement,
    ingest,
    signups,
    async close() {
      await ingest.close();
      await signups.written();
      await hashPool.close();
    },
  };
}
