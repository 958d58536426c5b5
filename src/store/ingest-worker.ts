// The ingest thread's side (see ingest-thread.ts): its own connection to the SQLite
// database, a group commit, and a text engine to judge conversations, loaded from the
// same rules as the main thread's and reloaded when they change.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from './store.js';
import { InProcessIngestWriter } from './ingest-writer.js';
import { RulesLoader, reloadingEngine } from '../detect/text/load.js';
import { writerDeps } from './ingest-deps.js';
import type { FromThread, IngestThreadConfig, ToThread } from './ingest-thread.js';

const config = workerData as IngestThreadConfig;
const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);

try {
  // The main thread has migrated the database already.
  const store = await Store.open({ dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous }, { migrate: false });
  const rules = new RulesLoader({ ...(config.textRulesPath ? { rulesPath: config.textRulesPath } : {}), termLists: config.textTermLists });
  await rules.load();
  const unwatch = config.textRulesPath ? rules.watch() : () => {};
  const { deps, committed } = await writerDeps(
    store,
    reloadingEngine(rules),
    config,
    (message, detail) => send({ kind: 'log', level: 'warn', message, detail }),
    () => send({ kind: 'changed', what: 'block-registry' }),
  );
  const writer = new InProcessIngestWriter(store, deps, { onBatch: (size) => send({ kind: 'batch', size }), afterBatch: committed });

  port.on('message', (m: ToThread) => {
    if (m.kind === 'submit') {
      writer.submit(m.request).then(
        (outcome) => send({ kind: 'outcome', id: m.id, outcome }),
        (err: unknown) => send({ kind: 'outcome', id: m.id, outcome: { kind: 'failed', message: err instanceof Error ? err.message : String(err) } }),
      );
    } else if (m.kind === 'close') {
      void (async () => {
        await writer.close();
        unwatch();
        await store.close();
        send({ kind: 'closed' });
        port.close();
      })();
    }
  });
  send({ kind: 'ready' });
} catch (err) {
  send({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
