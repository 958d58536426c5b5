// The classifier job handler of a worker process, with a client for each provider the
// operator enabled (none: every job completes and sends nothing).
// Its counts go to the api's metrics registry when this process also serves the api (one
// /metrics), to a registry of its own otherwise.
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { cybertipDrafting } from './cybertip-filing.js';
import { Enforcement } from '../services/enforcement/enforce-decision.js';
import { classifierClients } from '../services/classifiers/classifiers.js';
import { registerClassifierHandlers } from '../services/classifiers/classifier-job.js';
import type { HandlerRegistry } from '../work/handlers.js';
import type { ApiServices, CoreServices } from '../services/services.js';
import { decideOptions } from './compose.js';

/** What a worker's handlers use: the common services, and the api's metrics and media files when the process has them. */
export type WorkerContext = Pick<CoreServices, 'store' | 'config' | 'blockRegistry' | 'jobs' | 'now' | 'vault'> & {
  api?: Pick<ApiServices, 'metrics' | 'media'> | undefined;
};

export function registerClassifiers(handlers: HandlerRegistry, ctx: WorkerContext, logger?: Logger): HandlerRegistry {
  const { config } = ctx;
  // Registered even with nothing enabled, so that a job queued before a provider was switched
  // off completes, sending nothing, instead of waiting for a handler.
  const clients = classifierClients(config.classifiers, config.secrets.classifiers, ctx.store, { registry: ctx.api?.metrics.registry ?? new Registry() });
  const warn = (message: string, detail: unknown) => logger?.warn({ detail }, message);
  return registerClassifierHandlers(handlers, {
    store: ctx.store,
    media: ctx.api?.media ?? ctx.vault.media,
    clients,
    enforcement: new Enforcement({
      blockRegistry: ctx.blockRegistry,
      jobs: ctx.jobs,
      appealUrl: config.enforcement.appealUrl,
      warn,
      cybertips: cybertipDrafting(config),
    }),
    decideOptions: decideOptions(config),
    now: ctx.now,
    info: (message, detail) => logger?.info({ detail }, message),
    warn,
  });
}
