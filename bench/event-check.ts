// node --import tsx bench/event-check.ts [--events N] [--runs R]
//
// What the log's payload check (src/moderation/check.ts) costs on the ingest path: N events,
// half `content.ingested` (text, two links, one media item) and half `signal.recorded` (with
// evidence), checked R times; beside it, what sealing them (hashing) costs, for scale.
// Prints one JSON line with the median µs per event of each.
import { parseArgs } from 'node:util';
import { checkEvent } from '../src/moderation/check.js';
import { seal, type Head } from '../src/moderation/chain.js';
import type { NewEvent } from '../src/moderation/events.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } } });
const n = Number(values.events);
const runs = Number(values.runs);

const AT = '2026-11-28T12:00:00.000Z';
const events: NewEvent[] = [];
for (let i = 0; i < n; i += 2) {
  const subject = { kind: 'content' as const, id: `c${i}` };
  events.push({
    type: 'content.ingested',
    subject,
    actor: { kind: 'api_key', id: 'key_bench' },
    at: AT,
    reason: null,
    payload: {
      kind: 'post',
      authorId: `a${i % 997}`,
      text: `hello number ${i}, see you at the bridge`,
      links: ['https://example.org/a', `https://example.org/${i}`],
      media: [{ id: 'm1', declaredType: 'image/png', detectedType: 'image/png', size: 1234 + i, sha256: 'ab'.repeat(32), md5: 'cd'.repeat(16) }],
      inReplyTo: null,
      recipientId: null,
      createdAt: AT,
      requestDigest: 'ef'.repeat(32),
    },
  });
  events.push({
    type: 'signal.recorded',
    subject,
    actor: { kind: 'system', id: null },
    at: AT,
    reason: null,
    payload: {
      signal: 'known-material',
      source: 'bank:test',
      strength: 0.9,
      clause: null,
      evidence: { bank: 'test', verified: false, distance: 12, variant: 'original' },
    },
  });
}

function time(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const check: number[] = [];
const sealing: number[] = [];
for (let r = 0; r < runs; r++) {
  check.push(time(() => events.forEach(checkEvent)));
  sealing.push(time(() => seal(events, 16, new Map<number, Head>())));
}
console.log(
  JSON.stringify({
    events: n,
    runs,
    checkUsPerEvent: +median(check).toFixed(3),
    sealUsPerEvent: +median(sealing).toFixed(3),
    checkRuns: check.map((x) => +x.toFixed(3)),
  }),
);
