// Starts vigie: opens the store (migrating it), builds the API and listens. Stops cleanly
// on SIGTERM/SIGINT: no new requests, pending writes committed, store closed.
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { describeConfig } from './config.js';
import { Store } from './store/store.js';
import { MediaFiles } from './store/media-files.js';
import { InProcessIngestWriter, type IngestWriter } from './store/ingest-writer.js';
import { ThreadedIngestWriter } from './store/ingest-thread.js';
import { writerDeps } from './store/ingest-deps.js';
import { sharedBlockRegistry } from './store/block-registry.js';
import { buildApp, type App } from './http/app.js';
import { createMetrics } from './http/metrics.js';
import type { AppContext } from './http/context.js';
import { countStaff } from './store/staff-store.js';
import { KnownMaterialIndex } from './store/known-material.js';
import { HandlerRegistry } from './work/handlers.js';
import { registerWebhookHandlers } from './enforcement/webhooks/index.js';
import { closeSharedHashPool } from './detect/media/index.js';
import { RulesLoader, reloadingEngine } from './detect/text/load.js';
import { startWorkers, type Workers } from './work/worker.js';

export interface Running {
  app: App;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

export const LOG_REDACTION = { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'totp', 'secret', 'key', '*.password', '*.secret', '*.key'], censor: '[redacted]' };

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    // Belt and braces: these never belong in a log line, whatever a call site passes.
    redact: LOG_REDACTION,
  });
}

export async function buildContext(config: Config, store: Store, now: () => Date = () => new Date(), logger: Logger | false = false): Promise<AppContext> {
  const metrics = createMetrics(store);
  const knownMaterial = new KnownMaterialIndex(store, { snapshotPath: join(config.dataDir, 'index', 'pdq.snapshot'), now });
  await knownMaterial.load();
  const textRules = new RulesLoader({
    ...(config.textRulesPath ? { rulesPath: config.textRulesPath } : {}),
    termLists: config.textTermLists,
    urlBanks: config.urlBanks,
  });
  await textRules.load();
  // Ingest reads only URL-bank matches of links (see TextEngineOptions.reportLinks).
  const text = reloadingEngine(textRules, { reportLinks: false });
  const onBatch = (size: number) => metrics.ingestBatchSize.observe(size);
  let ingest: IngestWriter;
  if (store.dialect === 'sqlite' && config.ingestThread) {
    ingest = await ThreadedIngestWriter.start(
      {
        dataDir: store.location.dataDir,
        sqliteSynchronous: store.location.sqliteSynchronous ?? config.sqliteSynchronous,
        textRulesPath: config.textRulesPath,
        textTermLists: config.textTermLists,
        urlBanks: config.urlBanks,
        autoActionVerifiedBanks: config.autoActionVerifiedBanks,
        appealUrl: config.appealUrl,
      },
      {
        onBatch,
        log: (level, message, detail) => logger && logger[level]({ detail }, message),
        changed: () =>
          sharedBlockRegistry(store, store.location.dataDir)
            .then((r) => r.refresh())
            .catch((err: unknown) => {
              if (logger) logger.error({ err }, 'block registry refresh failed');
            }),
      },
    );
  } else {
    const { deps, committed } = await writerDeps(store, text, { ...config, dataDir: store.location.dataDir }, (message, detail) => logger && logger.warn({ detail }, message));
    ingest = new InProcessIngestWriter(store, deps, { onBatch, afterBatch: committed });
  }
  return { config, store, media: new MediaFiles(join(config.dataDir, 'media')), ingest, metrics, knownMaterial, text, textRules, now };
}

export async function startServer(config: Config, options: { logger?: Logger | false; now?: () => Date } = {}): Promise<Running> {
  const logger = options.logger === undefined ? createLogger(config) : options.logger;
  const store = await Store.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous });
  await store
    .startBackgroundCheckpoints((message) => logger && logger.warn({ reason: message }, 'background checkpoint failed'))
    .catch((err: unknown) => logger && logger.warn({ err }, 'the checkpoint thread did not start: SQLite checkpoints at commit'));
  const ctx = await buildContext(config, store, options.now, logger);
  const app = await buildApp(ctx, logger);
  const workers: Workers = startWorkers(store, registerWebhookHandlers(new HandlerRegistry(), { store }), { ...(logger ? { logger } : {}) });
  // Banks change under other processes too (a CLI import, another API node).
  const refresh = setInterval(() => {
    ctx.knownMaterial.refresh().catch((err: unknown) => logger && logger.error({ err }, 'bank index refresh failed'));
  }, 5_000);
  refresh.unref();
  // Expired IP entries of the block registry are deleted (data minimisation, see
  // BlockRegistry.purgeExpired); hourly is well within their 30-day life.
  const purge = setInterval(() => {
    sharedBlockRegistry(store, store.location.dataDir)
      .then((registry) => registry.purgeExpired(new Date()))
      .then((n) => n > 0 && logger && logger.info({ entries: n }, 'expired IP entries deleted from the block registry'))
      .catch((err: unknown) => logger && logger.warn({ err }, 'block registry purge failed'));
  }, 60 * 60 * 1000);
  purge.unref();
  let unwatchRules = () => {};
  if (ctx.textRules.files().length > 0) {
    unwatchRules = ctx.textRules.watch();
    ctx.textRules.onReload((r) => {
      if (!logger) return;
      if (r.ok) logger.info({ warnings: r.warnings, urlBanks: ctx.textRules.currentBanks().map((b) => ({ name: b.name, entries: b.size })) }, 'text rules and URL banks reloaded');
      else logger.error({ errors: r.errors }, 'text rules not reloaded: the previous rules stay in force');
    });
  }
  const address = await app.listen({ host: config.host, port: config.port });
  if (logger) {
    logger.info({ ...describeConfig(config), address, store: store.describe }, 'vigie is listening');
    // There is never a default account: the first start says how to make one.
    if ((await countStaff(store)) === 0) {
      logger.warn(`no staff users yet: create the first with \`vigie staff add --username NAME --role admin --data ${config.dataDir}\``);
    }
  }
  let stopped = false;
  return {
    app,
    ctx,
    url: address,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(refresh);
      clearInterval(purge);
      unwatchRules();
      await app.close();
      await ctx.ingest.close();
      await workers.stop();
      await ctx.knownMaterial.saveSnapshot().catch((err: unknown) => logger && logger.warn({ err }, 'could not save the bank index snapshot'));
      await closeSharedHashPool();
      await store.close();
    },
  };
}
