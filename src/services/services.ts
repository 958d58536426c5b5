// What one process's composition root (src/main/compose.ts) builds for its roles: every
// service once, and only those the roles use. Routes, commands and periodic tasks receive
// it, or the narrow part of it they need.
import type { Config } from '../config/config.js';
import type { Role } from '../config/roles.js';
import type { Store } from '../store/store.js';
import type { MediaFiles } from '../store/media-files.js';
import type { JobBackend } from '../work/queue.js';
import type { Metrics } from './metrics.js';
import type { TextEngine } from '../detect/text/index.js';
import type { KnownMaterialIndex } from './banks/known-material-index.js';
import type { BlockRegistryHandle } from './block-registry/registry-handle.js';
import type { RulesLoader } from './detection/text-rules.js';
import type { Enforcement } from './enforcement/enforce-decision.js';
import type { IngestBatcher } from './ingest/ingest-batcher.js';
import type { HashPool } from './media/hash-pool.js';
import type { VideoHasher } from './media/video/video-hasher.js';
import type { SignupChecks } from './signups/signup-check.js';
import type { ReviewRules } from './cases/review-rules-file.js';
import type { OpenedVault } from './vault/vault-keys.js';

/** What every process builds, whatever its roles. */
export interface CoreServices {
  config: Config;
  store: Store;
  /** The clock, injected so that tests control time. */
  now(): Date;
  /** The one job queue of this process: its enqueues wake this process's workers. */
  jobs: JobBackend;
  /** The job lease (VIGIE_JOB_LEASE_SECONDS; JetStream's AckWait): workers take it as theirs. */
  jobLeaseMs: number;
  /**
   * The block registry: opened at once by an api process (signup checks match in memory),
   * on first use elsewhere (a worker's registry.block job, an indexer's purge).
   */
  blockRegistry: BlockRegistryHandle;
  /** The evidence vault: the sealed media and snapshot trees under the master keys (docs/evidence-vault.md). */
  vault: OpenedVault;
  /** Stops what the services hold (pending writes, threads); the store is closed by its owner. */
  close(): Promise<void>;
}

/** What the HTTP routes use: built for the api role only. */
export interface ApiServices extends CoreServices {
  metrics: Metrics;
  media: MediaFiles;
  hashPool: HashPool;
  /** Videos to vPDQ frame hashes: worker threads running ffmpeg, a bounded number at a time. */
  videoHasher: VideoHasher;
  knownMaterial: KnownMaterialIndex;
  /** The rules behind `text`, reloadable without a restart. */
  textRules: RulesLoader;
  text: TextEngine;
  enforcement: Enforcement;
  ingest: IngestBatcher;
  signups: SignupChecks;
  /** Queue routing and report link patterns (VIGIE_REVIEW_RULES). */
  review: ReviewRules;
}

/** What a process with these roles holds. */
export interface Services extends CoreServices {
  roles: readonly Role[];
  /**
   * The bank index, loaded and refreshed from the database: held by the api (ingest
   * matches against it) and indexer (it saves the snapshot) roles only.
   */
  knownMaterial: KnownMaterialIndex | undefined;
  /** Everything the routes use, present with the api role. */
  api: ApiServices | undefined;
}
