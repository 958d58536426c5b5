// Writes a batch of ingested content in one transaction: one round of queries for the
// whole batch instead of one per post, which is what lets SQLite keep up with a
// platform's stream. Idempotent on the platform's content id.
import type { Store } from './store.js';
import { selectByIds } from './bulk.js';
import type { Actor } from '../moderation/events.js';
import { ingestEvents, type IngestItem, type KnownAuthor } from '../moderation/ingest.js';
import type { ContentState } from '../moderation/folds/content.js';

export type IngestOutcome =
  | { kind: 'created'; state: ContentState }
  | { kind: 'replayed'; state: ContentState }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

export interface IngestRequest {
  item: IngestItem;
  actor: Actor;
  at: string;
}

export async function ingestBatch(store: Store, requests: readonly IngestRequest[]): Promise<IngestOutcome[]> {
  try {
    return await store.write((w) => writeBatch(w, requests));
  } catch (err) {
    if (requests.length === 1) return [{ kind: 'failed', message: err instanceof Error ? err.message : String(err) }];
    // One bad item must not sink the others: write each on its own.
    const out: IngestOutcome[] = [];
    for (const r of requests) out.push((await ingestBatch(store, [r]))[0]!);
    return out;
  }
}

async function writeBatch(w: Parameters<Parameters<Store['write']>[0]>[0], requests: readonly IngestRequest[]): Promise<IngestOutcome[]> {
  const existing = new Map<string, { digest: string; response: string }>();
  for (const r of await selectByIds(w.tx, w.dialect, 'content', ['id', 'request_digest', 'response_json'], requests.map((r) => r.item.id))) {
    existing.set(r.id, { digest: r.request_digest, response: r.response_json });
  }
  const authors = new Map<string, KnownAuthor>();
  for (const r of await selectByIds(w.tx, w.dialect, 'accounts', ['id', 'handle'], requests.map((r) => r.item.author.id))) {
    authors.set(r.id, { handle: r.handle });
  }

  const outcomes: (IngestOutcome | undefined)[] = new Array(requests.length);
  const firstInBatch = new Map<string, number>();
  const events = [];
  for (let i = 0; i < requests.length; i++) {
    const { item, actor, at } = requests[i]!;
    const prior = existing.get(item.id);
    if (prior) {
      outcomes[i] =
        prior.digest === item.requestDigest
          ? { kind: 'replayed', state: JSON.parse(prior.response) as ContentState }
          : { kind: 'conflict', message: `content ${item.id} was already ingested with different data` };
      continue;
    }
    const earlier = firstInBatch.get(item.id);
    if (earlier !== undefined) continue; // settled below, once the first copy is written
    firstInBatch.set(item.id, i);
    events.push(...ingestEvents(item, actor, at, authors.get(item.author.id)));
    // A later post in this batch by the same new author must not register it again.
    authors.set(item.author.id, { handle: item.author.handle ?? authors.get(item.author.id)?.handle ?? null });
  }

  const { projected } = await w.append(events);
  for (let i = 0; i < requests.length; i++) {
    if (outcomes[i]) continue;
    const item = requests[i]!.item;
    const first = firstInBatch.get(item.id)!;
    const state = projected.content.get(item.id);
    if (!state) {
      outcomes[i] = { kind: 'failed', message: `content ${item.id} was not stored` };
    } else if (first === i) {
      outcomes[i] = { kind: 'created', state };
    } else {
      outcomes[i] =
        requests[first]!.item.requestDigest === item.requestDigest
          ? { kind: 'replayed', state }
          : { kind: 'conflict', message: `content ${item.id} was already ingested with different data` };
    }
  }
  return outcomes as IngestOutcome[];
}
