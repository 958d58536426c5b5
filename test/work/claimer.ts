// A second process for the cross-process claim test: opens the store named on the command
// line, says "ready", waits for "go", claims until nothing is left and prints what it got.
import { createInterface } from 'node:readline';
import { Store } from '../../src/store/store.js';
import { JobStore } from '../../src/store/job-store.js';

const [configJson, name, nowIso] = process.argv.slice(2);
if (!configJson || !name || !nowIso) throw new Error('usage: claimer <config json> <worker name> <now>');
const store = await Store.open(JSON.parse(configJson), { migrate: false });
const jobs = new JobStore(store, { now: () => new Date(nowIso) });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
const ids: string[] = [];
for (;;) {
  const batch = await jobs.claim(name, 2, 60_000);
  if (batch.length === 0) break;
  ids.push(...batch.map((j) => j.id));
  // Stands for running the handlers; without it SQLite's busy waiter could starve the other process.
  await new Promise((resolve) => setTimeout(resolve, 1));
}
process.stdout.write(`${JSON.stringify(ids)}\n`);
lines.close();
await store.close();
