// The ingest thread's side (see ingest-thread.ts): its own connection to the SQLite
// database, and a text engine to judge conversations, loaded from the same rules as the
// main thread's and reloaded when they change. Batches arrive one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from './store.js';
import { ingestBatch } from './ingest-store.js';
import { RulesLoader, reloadingEngine } from '../detect/text/load.js';
import { writerDeps } from './ingest-deps.js';
import type { FromThread, IngestThreadConfig, ToThread } from './ingest-thread.js';

const config = workerData as IngestThreadConfig;
const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);

try {
  // The main thread has migrated the database already.
  const store = await Store.open({ dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous }, { migrate: false });
  // The main thread runs the checkpoints (server.ts).
  store.leaveCheckpointsToThread();
  const rules = new RulesLoader({ ...(config.textRulesPath ? { rulesPath: config.textRulesPath } : {}), termLists: config.textTermLists, urlBanks: config.urlBanks });
  await rules.load();
  const unwatch = rules.files().length > 0 ? rules.watch() : () => {};
  const { deps, committed } = await writerDeps(
    store,
    reloadingEngine(rules, { reportLinks: false }),
    config,
    (message, detail) => send({ kind: 'log', level: 'warn', message, detail }),
    () => send({ kind: 'changed', what: 'block-registry' }),
  );
  let writing: Promise<void> = Promise.resolve();

  port.on('message', (m: ToThread) => {
    if (m.kind === 'batch') {
      writing = writing.then(async () => {
        try {
          const outcomes = await ingestBatch(store, m.requests, deps);
          committed();
          send({ kind: 'outcomes', id: m.id, outcomes });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          send({ kind: 'outcomes', id: m.id, outcomes: m.requests.map(() => ({ kind: 'failed', message })) });
        }
      });
    } else if (m.kind === 'close') {
      void writing.then(async () => {
        unwatch();
        await store.close();
        send({ kind: 'closed' });
        port.close();
      });
    }
  });
  send({ kind: 'ready' });
} catch (err) {
  send({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
