// Change notices on NATS: a process that changed a feed the others hold in memory (the banks)
// says so on `<prefix>.notice.<feed>`, and every process that holds it refreshes at once
// instead of at its next poll. A notice is only a hint: plain NATS, at most once, no payload
// that matters. The database's version counter stays the truth and the poll the fallback, so
// a notice lost (NATS down, a process reconnecting) costs the poll interval, never a change.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { layoutFor, type JetStreamLayout } from './jetstream-streams.js';

export type NoticeFeed = 'banks';

export class NatsNotices {
  constructor(
    private readonly nc: NatsConnection,
    private readonly layout: JetStreamLayout,
  ) {}

  /** Resolves once the server has the notice (a flush), or throws when it cannot be reached. */
  async announce(feed: NoticeFeed): Promise<void> {
    this.nc.publish(this.layout.noticeSubject(feed));
    await this.nc.flush();
  }

  listen(feed: NoticeFeed, onNotice: () => void): () => void {
    const sub = this.nc.subscribe(this.layout.noticeSubject(feed), {
      callback: (err) => {
        if (!err) onNotice();
      },
    });
    return () => sub.unsubscribe();
  }
}

/** For a command that changed a feed and holds no connection: connects, announces, closes. */
export async function announceOnce(url: string, prefix: string, feed: NoticeFeed, timeoutMs = 3_000): Promise<void> {
  const nc = await connect({ servers: url, timeout: timeoutMs, reconnect: false, name: 'vigie command' });
  try {
    await new NatsNotices(nc, layoutFor(prefix)).announce(feed);
  } finally {
    await nc.close();
  }
}
