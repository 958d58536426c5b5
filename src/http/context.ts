// What every route handler may use: the store, the clock and the shared services. Routes
// take it as a parameter instead of importing singletons, so tests build their own.
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { MediaFiles } from '../store/media-files.js';
import type { IngestWriter } from '../store/ingest-writer.js';
import type { Metrics } from './metrics.js';
import type { KnownMaterialIndex } from '../store/known-material.js';
import type { TextEngine } from '../detect/text/index.js';
import type { RulesLoader } from '../detect/text/load.js';

export interface AppContext {
  config: Config;
  store: Store;
  media: MediaFiles;
  ingest: IngestWriter;
  metrics: Metrics;
  knownMaterial: KnownMaterialIndex;
  text: TextEngine;
  /** The rules behind `text`, reloadable without a restart. */
  textRules: RulesLoader;
  /** The clock, injected so that tests control time. */
  now(): Date;
}

export function isoNow(ctx: AppContext): string {
  return ctx.now().toISOString();
}
