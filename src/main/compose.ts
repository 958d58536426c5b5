// The composition root: builds every service a process's roles use, once, from the
// configuration and one store. Nothing else in a server process creates a queue, a
// registry, an index or a cache, so that each exists once per process and the database
// (and JetStream, when NATS_URL is set) is the one place where processes meet (`vigie scan` builds its own
// index: it is a process of its own). The HTTP routes, the CLI and the periodic tasks
// receive what they need from here.
import { ReviewRules } from '../services/cases/review-rules-file.js';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';
import { openVault, sealClearMediaOnStart } from '../services/vault/vault-keys.js';
import { JobStore } from '../store/job-store.js';
import { JetStreamQueue } from '../work/jetstream-queue.js';
import { NatsNotices } from '../work/nats-notices.js';
import type { JobBackend } from '../work/queue.js';
import { loadServerSecret } from '../store/server-secret.js';
import { createMetrics } from '../services/metrics.js';
import { KnownMaterialIndex } from '../services/banks/known-material-index.js';
import { BlockRegistry } from '../services/block-registry/block-registry.js';
import { BlockRegistryHandle } from '../services/block-registry/registry-handle.js';
import { RulesLoader, reloadingEngine } from '../services/detection/text-rules.js';
import { Enforcement } from '../services/enforcement/enforce-decision.js';
import { cybertipDrafting } from './cybertip-filing.js';
import { IngestBatches, type IngestDeps } from '../services/ingest/ingest-batch.js';
import { IngestBatcher } from '../services/ingest/ingest-batcher.js';
import { HashPool } from '../services/media/hash-pool.js';
import { VideoHasher } from '../services/media/video/video-hasher.js';
import { SignupChecks } from '../services/signups/signup-check.js';
import { classifierQueueing } from '../services/classifiers/classifiers.js';
import { enqueueClassification } from '../services/classifiers/classifier-job.js';
import { conversationJudge } from '../moderation/text-signals.js';
import { ROLES, type Role } from '../config/roles.js';
import type { ApiServices, CoreServices, Services } from '../services/services.js';

export type { ApiServices, Services };

export interface ComposeOptions {
  /** What the process runs; default all three. Only what these roles use is built. */
  roles?: readonly Role[];
  now?: () => Date;
  logger?: Logger | false;
}

/**
 * The database job queue. A command beside the servers (`vigie webhooks replay`) enqueues
 * here even when the servers carry jobs on JetStream: the table is then their outbox, and a
 * running process's relay publishes what the command committed.
 */
export function jobQueueFor(store: Store, now: () => Date = () => new Date()): JobStore {
  return new JobStore(store, { now });
}

/**
 * The job queue of a server process, the one place that chooses it: the database's, or, with
 * NATS_URL set, NATS JetStream with the database as its outbox (work/jetstream-queue.ts).
 */
export async function openJobQueue(
  config: Config,
  store: Store,
  now: () => Date,
  logger?: Logger,
): Promise<{ jobs: JobBackend; leaseMs: number; notices: NatsNotices | undefined; close(): Promise<void> }> {
  const outbox = jobQueueFor(store, now);
  const url = config.secrets.natsUrl;
  if (!url) return { jobs: outbox, leaseMs: config.jobs.leaseMs, notices: undefined, close: async () => {} };
  const queue = await JetStreamQueue.open(outbox, { url, prefix: config.nats.prefix, now, logger, ackWaitMs: config.jobs.leaseMs });
  return { jobs: queue, leaseMs: queue.ackWaitMs, notices: new NatsNotices(queue.nc, queue.layout), close: () => queue.close() };
}

/**
 * Builds what the roles use, once:
 * - every role: the job queue and the block registry (opened at once by the api role, on
 *   first use otherwise: a worker's registry.block job, an indexer's purge);
 * - api and indexer: the bank index (the api matches media against it; the indexer saves
 *   its snapshot), loaded now and refreshed by the periodic tasks;
 * - api: everything the routes use (metrics, media files, the hash pool, the text rules,
 *   enforcement, ingest, signup checks).
 */
export async function composeServices(config: Config, store: Store, options: ComposeOptions = {}): Promise<Services> {
  const roles = options.roles ?? ROLES;
  const now = options.now ?? (() => new Date());
  const logger = options.logger || undefined;
  const warn = (message: string, detail: unknown) => logger?.warn({ detail }, message);
  const error = (message: string, err: unknown) => logger?.error({ err }, message);
  store.onEffectError = (err) => error('an effect after commit failed', err);

  const queue = await openJobQueue(config, store, now, logger);
  const jobs = queue.jobs;
  const blockRegistry = new BlockRegistryHandle(async () =>
    BlockRegistry.open(store, await loadServerSecret(config.store.dataDir, config.secrets.serverSecret), config.blockRegistry),
  );
  const knownMaterial = roles.includes('api') || roles.includes('indexer') ? await loadBankIndex(config, store, now, logger) : undefined;
  const closing: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closing) await c();
    // Last: what closed before may still have enqueued.
    await queue.close();
  };
  const vault = await openVault(config.store.dataDir, {
    key: config.secrets.vaultKey,
    keyFile: config.vault.keyFile,
    previousKeyFiles: config.vault.previousKeyFiles,
  });
  if (vault.keyCreated) {
    logger?.warn(
      { keyFile: vault.keyFrom },
      'vault master key created in the data folder: media are encrypted with it; back it up, and set VIGIE_VAULT_KEY_FILE to a key kept apart from the data in production',
    );
  }
  // Media a version before the vault stored in clear are sealed in place, once.
  const sealed = await sealClearMediaOnStart(vault, now());
  if (sealed && sealed.sealed + sealed.clearTemporaryRemoved > 0)
    logger?.info({ ...sealed, mismatched: sealed.mismatched.length }, 'clear media files sealed into the vault');
  if (sealed && sealed.unknownKey > 0) {
    logger?.warn({ objects: sealed.unknownKey }, 'media objects are wrapped by a vault master key that is not configured: set VIGIE_VAULT_PREVIOUS_KEY_FILES');
  }
  const core: CoreServices = { config, store, now, jobs, jobLeaseMs: queue.leaseMs, blockRegistry, vault, close };
  if (knownMaterial && queue.notices) {
    // A bank change announced by the process that made it reaches this index at once; the
    // periodic refresh stays the fallback (background/tasks.ts).
    const unlisten = queue.notices.listen('banks', () => {
      knownMaterial.refresh().catch((err: unknown) => error('the bank index could not be refreshed after a notice', err));
    });
    closing.unshift(async () => unlisten());
  }
  const api = knownMaterial && roles.includes('api') ? await composeApi(core, knownMaterial, { warn, error, closing }) : undefined;
  return { ...core, roles, knownMaterial, api };
}

async function loadBankIndex(config: Config, store: Store, now: () => Date, logger: Logger | undefined): Promise<KnownMaterialIndex> {
  const video = config.ingest.video;
  const index = new KnownMaterialIndex(store, {
    snapshotPath: join(config.store.dataDir, 'index', 'pdq.snapshot'),
    video: { bankMatchPercent: video.bankMatchPercent, uploadMatchPercent: video.uploadMatchPercent },
    now,
  });
  const from = await index.load();
  logger?.info({ from, entries: index.size, banksVersion: index.freshness().version }, 'bank index loaded');
  return index;
}

/** The operator's choices the decision function reads (ingest, classifier jobs). */
export function decideOptions(config: Config) {
  return { autoActionVerifiedBanks: config.enforcement.autoActionVerifiedBanks, autoRemoveTakeItDown: config.enforcement.autoRemoveTakeItDown };
}

/** With classifiers enabled, each new item queues its classifier jobs in its own unit of work; without, nothing. */
function classifierJobs(config: Config, jobs: JobBackend): Pick<IngestDeps, 'afterWrite'> {
  if (config.classifiers.enabled.length === 0) return {};
  const queueing = classifierQueueing(config.classifiers, jobs);
  return { afterWrite: (w, item) => enqueueClassification(w, queueing, item) };
}

interface ApiHooks {
  warn(message: string, detail: unknown): void;
  error(message: string, err: unknown): void;
  /** Where the api's close steps go, in order. */
  closing: (() => Promise<void>)[];
}

async function composeApi(core: CoreServices, knownMaterial: KnownMaterialIndex, { warn, error, closing }: ApiHooks): Promise<ApiServices> {
  const { config, store, now, jobs, blockRegistry } = core;
  const metrics = createMetrics(store);
  const textRules = new RulesLoader({
    ...(config.detection.textRulesPath ? { rulesPath: config.detection.textRulesPath } : {}),
    termLists: config.detection.textTermLists,
    urlBanks: config.detection.urlBanks,
  });
  await textRules.load();
  // Ingest reads only URL-bank matches of links (see TextEngineOptions.reportLinks).
  const text = reloadingEngine(textRules, { reportLinks: false });

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

  const review = ReviewRules.load(config.review.rulesPath);
  const enforcement = new Enforcement({ blockRegistry, jobs, appealUrl: config.enforcement.appealUrl, warn, cybertips: cybertipDrafting(config), review });
  const batches = new IngestBatches(store, {
    judgeConversation: conversationJudge(text, (err) => warn('text could not be evaluated', err.message)),
    caseOpening: () => text.rules.caseOpening,
    review,
    decisions: { options: decideOptions(config), enforcement },
    ...classifierJobs(config, jobs),
  });
  const ingest = new IngestBatcher(batches, { onBatch: (size) => metrics.ingestBatchSize.observe(size) });
  const signups = new SignupChecks({ store, blockRegistry, now, error });
  const hashPool = new HashPool({
    ...(config.ingest.hashWorkers > 0 ? { size: config.ingest.hashWorkers } : {}),
    maxQueue: config.ingest.hashQueue,
    decodeMemoryBytes: config.ingest.decodeMemoryBytes,
    decode: { maxPixels: config.ingest.maxPixels },
  });
  const v = config.ingest.video;
  const videoHasher = new VideoHasher({
    concurrency: v.workers,
    maxQueue: v.queue,
    video: {
      ffmpeg: v.ffmpegPath,
      ffprobe: v.ffprobePath,
      maxSeconds: v.maxSeconds,
      maxFramePixels: v.maxFramePixels,
      secondsPerHash: v.secondsPerHash,
      memoryBytes: v.ffmpegMemoryBytes,
      timeoutMs: v.ffmpegTimeoutMs,
      threads: v.ffmpegThreads,
    },
  });
  closing.push(
    () => ingest.close(),
    () => signups.written(),
    () => hashPool.close(),
    () => videoHasher.close(),
  );

  return {
    ...core,
    metrics,
    media: core.vault.media,
    hashPool,
    videoHasher,
    knownMaterial,
    textRules,
    text,
    enforcement,
    ingest,
    signups,
    review,
  };
}
