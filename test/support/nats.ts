// NATS with JetStream for tests (nats://127.0.0.1:4222 here and in CI, or NATS_TEST_URL).
// Without it a suite is skipped with a message, unless CI is set: then it fails.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { layoutFor } from '../../src/work/jetstream-streams.js';

export const natsUrl = process.env.NATS_TEST_URL ?? 'nats://127.0.0.1:4222';

let problem: Promise<string | null> | undefined;

/** null when NATS answers with JetStream on; otherwise why not. */
export function natsProblem(): Promise<string | null> {
  problem ??= (async () => {
    try {
      const nc = await connect({ servers: natsUrl, timeout: 2_000, reconnect: false });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.getAccountInfo();
        return null;
      } finally {
        await nc.close();
      }
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  })();
  return problem;
}

export async function natsSkip(): Promise<false | string> {
  const why = await natsProblem();
  if (!why) return false;
  if (process.env.CI) throw new Error(`CI is set but NATS JetStream at ${natsUrl} is unavailable: ${why}`);
  return `NATS JetStream unavailable at ${natsUrl} (${why}); skipped outside CI`;
}

/** Deletes the streams a test made under these prefixes. */
export async function dropStreams(prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const nc = await connect({ servers: natsUrl, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    for (const p of prefixes) {
      const layout = layoutFor(p);
      for (const s of [layout.jobsStream, layout.deadStream]) await jsm.streams.delete(s).catch(() => false);
    }
  } finally {
    await nc.close();
  }
}
