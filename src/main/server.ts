// Starts a vigie process: opens the store (migrating it), builds the services its roles use
// once (compose.ts), then runs what its roles ask for: `api` listens, `worker` takes jobs, `indexer` keeps the
// bank index snapshot and the block registry's table tidy; periodic tasks by role. Stops
// cleanly on SIGTERM/SIGINT: no new requests, pending writes committed, store closed.
import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { describeConfig } from '../config/config.js';
import type { Role } from '../config/roles.js';
import { openStore } from './open-store.js';
import { countStaff } from '../store/staff-store.js';
import { buildApp, type App } from '../http/app.js';
import { HandlerRegistry } from '../work/handlers.js';
import { startWorkers, type Workers } from '../work/worker.js';
import { registerWebhookHandlers } from '../services/webhooks/deliver.js';
import { registerRegistryBlockHandlers } from '../services/block-registry/block-later.js';
import { registerBankImportHandlers } from '../services/banks/bank-imports.js';
import { announceBankChange } from './announce.js';
import { registerClassifiers, type WorkerContext } from './classifier-workers.js';
import { registerCybertipFiling } from './cybertip-filing.js';
import { PeriodicTasks } from '../background/periodic.js';
import { periodicTasks } from '../background/tasks.js';
import type { RulesLoader } from '../services/detection/text-rules.js';
import { composeServices, type Services } from './compose.js';

export interface Running {
  /** Present when the process has the api role. */
  app: App | undefined;
  ctx: Services;
  url: string | undefined;
  roles: readonly Role[];
  stop(): Promise<void>;
}

/** Belt and braces: these never belong in a log line, whatever a call site passes. */
export const LOG_REDACTION = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'password',
    'totp',
    'secret',
    'key',
    'secrets',
    '*.password',
    '*.secret',
    '*.key',
    '*.secrets',
    '*.serverSecret',
  ],
  censor: '[redacted]',
};

export function createLogger(config: Config): Logger {
  return pino({ level: config.log.level, redact: LOG_REDACTION });
}

/** Reloads the text rules when their files change (the api role); returns the unwatch. */
function watchTextRules(textRules: RulesLoader, logger: Logger | false): () => void {
  if (textRules.files().length === 0) return () => {};
  const unwatch = textRules.watch();
  textRules.onReload((r) => {
    if (!logger) return;
    if (r.ok)
      logger.info(
        { warnings: r.warnings, urlBanks: textRules.currentBanks().map((b) => ({ name: b.name, entries: b.size })) },
        'text rules and URL banks reloaded',
      );
    else logger.error({ errors: r.errors }, 'text rules not reloaded: the previous rules stay in force');
  });
  return unwatch;
}

/** Every job kind a worker runs: webhook deliveries, blocks that waited for the registry to open, classifier calls. */
export function workerHandlers(ctx: WorkerContext, logger?: Logger): HandlerRegistry {
  const handlers = registerWebhookHandlers(new HandlerRegistry(), { store: ctx.store, destinations: ctx.config.webhooks });
  registerRegistryBlockHandlers(handlers, {
    store: ctx.store,
    blockRegistry: ctx.blockRegistry,
    info: (message, detail) => logger?.info({ detail }, message),
  });
  registerBankImportHandlers(handlers, {
    store: ctx.store,
    jobs: ctx.jobs,
    now: ctx.now,
    info: (message, detail) => logger?.info({ detail }, message),
    // The api processes' indexes hear of it at once through NATS, else at their next refresh.
    onBanksChanged: () => {
      void announceBankChange(ctx.config).then((warning) => warning && logger?.warn(warning));
    },
  });
  registerCybertipFiling(handlers, ctx, logger);
  return registerClassifiers(handlers, ctx, logger);
}

export async function startServer(config: Config, options: { logger?: Logger | false; now?: () => Date; roles?: readonly Role[] } = {}): Promise<Running> {
  const logger = options.logger === undefined ? createLogger(config) : options.logger;
  const roles = options.roles ?? config.roles;
  const store = await openStore(config);
  await store
    .startBackgroundCheckpoints((message) => logger && logger.warn({ reason: message }, 'background checkpoint failed'))
    .catch((err: unknown) => logger && logger.warn({ err }, 'the checkpoint thread did not start: SQLite checkpoints at commit'));
  const ctx = await composeServices(config, store, { roles, now: options.now, logger });
  const app = ctx.api ? await buildApp(ctx.api, logger) : undefined;
  const workers: Workers | undefined = roles.includes('worker')
    ? startWorkers(ctx.jobs, workerHandlers(ctx, logger || undefined), {
        ...(logger ? { logger } : {}),
        leaseMs: ctx.jobLeaseMs,
      })
    : undefined;
  const tasks = new PeriodicTasks();
  for (const task of periodicTasks(ctx, logger || undefined)) tasks.add(task);
  tasks.start(roles, { error: (detail, message) => logger && logger.error(detail, message) });
  const unwatchRules = ctx.api ? watchTextRules(ctx.api.textRules, logger) : () => {};
  const address = app ? await app.listen({ host: config.http.host, port: config.http.port }) : undefined;
  if (logger) {
    logger.info({ ...describeConfig(config), roles, address, store: store.describe }, address ? 'vigie is listening' : 'vigie is running');
    // There is never a default account: the first start says how to make one.
    if (roles.includes('api') && (await countStaff(store)) === 0) {
      logger.warn(`no staff users yet: create the first with \`vigie staff add --username NAME --role admin --data ${config.store.dataDir}\``);
    }
  }
  let stopped = false;
  return {
    app,
    ctx,
    url: address,
    roles,
    async stop() {
      if (stopped) return;
      stopped = true;
      unwatchRules();
      await tasks.stop();
      await app?.close();
      await workers?.stop();
      await ctx.close();
      // Only a process whose index was refreshed (api, indexer) leaves it as the snapshot.
      await ctx.knownMaterial?.saveSnapshot().catch((err: unknown) => logger && logger.warn({ err }, 'could not save the bank index snapshot'));
      await store.close();
    },
  };
}
