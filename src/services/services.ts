// What one process's composition root (src/main/compose.ts) builds: every service once.
// Routes, commands and periodic tasks receive it, or the narrow part of it they need.
import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';
import type { MediaFiles } from '../store/media-files.js';
import type { JobStore } from '../store/job-store.js';
import type { Metrics } from './metrics.js';
import type { TextEngine } from '../detect/text/index.js';
import type { KnownMaterialIndex } from './banks/known-material-index.js';
import type { BlockRegistryHandle } from './block-registry/registry-handle.js';
import type { RulesLoader } from './detection/text-rules.js';
import type { Enforcement } from './enforcement/enforce-decision.js';
import type { IngestBatcher } from './ingest/ingest-batcher.js';
import type { HashPool } from './media/hash-pool.js';
import type { SignupChecks } from './signups/signup-check.js';

export interface Services {
  config: Config;
  store: Store;
  /** The clock, injected so that tests control time. */
  now(): Date;
  metrics: Metrics;
  media: MediaFiles;
  hashPool: HashPool;
  /** The one job queue of this process: its enqueues wake this process's workers. */
  jobs: JobStore;
  knownMaterial: KnownMaterialIndex;
  blockRegistry: BlockRegistryHandle;
  /** The rules behind `text`, reloadable without a restart. */
  textRules: RulesLoader;
  text: TextEngine;
  enforcement: Enforcement;
  ingest: IngestBatcher;
  signups: SignupChecks;
  /** Stops what the services hold (pending writes, threads); the store is closed by its owner. */
  close(): Promise<void>;
}
