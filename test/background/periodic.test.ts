// PeriodicTasks: only the tasks of the process's roles run; a run is never stacked on one
// in progress; a failing task is reported to the log and keeps its schedule; stop() waits
// for a run in progress, so that no task runs against a closed store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeriodicTasks, type TaskLog } from '../../src/background/periodic.js';
import { gate, until } from '../work/support.js';

const quietLog: TaskLog = { error: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('only the tasks of the given roles run', async () => {
  const ran: string[] = [];
  const tasks = new PeriodicTasks()
    .add({ name: 'api task', roles: ['api'], everyMs: 2, run: async () => ran.push('api') })
    .add({ name: 'indexer task', roles: ['indexer'], everyMs: 2, run: async () => ran.push('indexer') })
    .add({ name: 'shared task', roles: ['worker', 'api'], everyMs: 2, run: async () => ran.push('shared') });
  assert.deepEqual(
    tasks.forRoles(['api']).map((t) => t.name),
    ['api task', 'shared task'],
  );
  tasks.start(['api'], quietLog);
  try {
    await until(() => ran.includes('api') && ran.includes('shared'), 'the api tasks to run');
    await sleep(20);
    assert.ok(!ran.includes('indexer'), 'a task of another role never runs');
  } finally {
    await tasks.stop();
  }
});

test('a run is not stacked on a run in progress', async () => {
  const held = gate();
  let started = 0;
  let running = 0;
  let most = 0;
  const tasks = new PeriodicTasks().add({
    name: 'slow',
    roles: ['api'],
    everyMs: 2,
    run: async () => {
      started++;
      most = Math.max(most, ++running);
      if (started === 1) await held.wait();
      running--;
    },
  });
  tasks.start(['api'], quietLog);
  try {
    await until(() => started === 1, 'the first run');
    await sleep(30); // some fifteen intervals pass while the first run is held
    assert.equal(started, 1, 'no second run while the first is in progress');
    held.open();
    await until(() => started >= 3, 'runs to resume once the first ended');
    assert.equal(most, 1, 'never two runs at once');
  } finally {
    held.open();
    await tasks.stop();
  }
});

test('a failing task is reported to the log, with its name, and keeps running', async () => {
  const reported: { task: string; err: unknown; message: string }[] = [];
  let runs = 0;
  const tasks = new PeriodicTasks().add({
    name: 'flaky',
    roles: ['indexer'],
    everyMs: 2,
    run: async () => {
      runs++;
      throw new Error(`failure ${runs}`);
    },
  });
  tasks.start(['indexer'], { error: (detail, message) => reported.push({ ...detail, message }) });
  try {
    await until(() => reported.length >= 3, 'three failures reported');
    assert.equal(reported[0]!.task, 'flaky');
    assert.match(String(reported[0]!.err), /failure 1/);
    assert.match(reported[0]!.message, /flaky/);
    assert.ok(runs >= 3, 'the schedule goes on after a failure');
  } finally {
    await tasks.stop();
  }
});

test('stop() waits for a run in progress, and nothing runs after it', async () => {
  const held = gate();
  let started = 0;
  let finished = 0;
  const tasks = new PeriodicTasks().add({
    name: 'held',
    roles: ['api'],
    everyMs: 2,
    run: async () => {
      started++;
      await held.wait();
      finished++;
    },
  });
  tasks.start(['api'], quietLog);
  await until(() => started === 1, 'the run to start');
  let stopped = false;
  const stopping = tasks.stop().then(() => (stopped = true));
  await sleep(20);
  assert.equal(stopped, false, 'stop() does not return while the task runs');
  held.open();
  await stopping;
  assert.equal(finished, 1);
  await sleep(20);
  assert.equal(started, 1, 'no run after stop()');
});

test('stop() with nothing started, or twice, returns', async () => {
  const tasks = new PeriodicTasks().add({ name: 'never', roles: ['api'], everyMs: 1000, run: async () => undefined });
  await tasks.stop();
  tasks.start(['api'], quietLog);
  await tasks.stop();
  await tasks.stop();
});
