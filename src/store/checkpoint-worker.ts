// The checkpoint thread's side (see checkpointer.ts).
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { FromCheckpointer } from './checkpointer.js';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const port = parentPort!;
const send = (m: FromCheckpointer) => port.postMessage(m);

const db = new SQLite(file);
// A passive checkpoint takes what it can without waiting; nothing here should wait either.
db.pragma('busy_timeout = 0');
let last = '';
const timer = setInterval(() => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (!row || row.checkpointed <= 0) return;
    const now = `${row.log}/${row.checkpointed}`;
    if (now === last) return;
    last = now;
    send({ kind: 'checkpointed', log: row.log, checkpointed: row.checkpointed });
  } catch (err) {
    send({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}, intervalMs);

port.on('message', (m: unknown) => {
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    port.close();
  }
});
send({ kind: 'ready' });
