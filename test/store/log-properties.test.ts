// Properties of the moderation log on both stores (fast-check):
// (a) whatever events arrive, in whatever batches, the cached state in `accounts` and
//     `content` is the fold of the log;
// (b) any single tamper (a changed field, a deleted row, two rows swapped, a cut tail), and
//     several at once, is named by `vigie verify`, and nothing untouched is blamed.
// Tampers run inside a transaction that is rolled back, so one seeded log serves every run.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeEachStore } from '../support/stores.js';
import type { ActionKind, EventOf, NewEvent } from '../../src/moderation/events.js';
import { foldAccount, foldAll, foldContent } from '../../src/moderation/folds/index.js';
import { eventsOf, type EventRow } from '../../src/store/log-store.js';
import { verifyLog, type VerifyReport } from '../../src/services/log/verify-log.js';
import { IngestBatches } from '../../src/services/ingest/ingest-batch.js';
import type { Store } from '../../src/store/store.js';
import type { Tx } from '../../src/store/transaction.js';
import { post, AT, PLATFORM } from '../support/ingest-items.js';

// ---- (a) the cache is the fold ----

const ACCOUNTS = 3;
const CONTENT = 4;
const ACTIONS: ActionKind[] = ['remove_content', 'restore_content', 'suspend_account', 'lock_account', 'unlock_account', 'restore_account', 'notify_user'];

type Op =
  | { op: 'account'; a: number; handle: string | null; minor: boolean | undefined }
  | { op: 'ingest'; c: number; a: number }
  | { op: 'signal'; c: number; strength: number }
  | { op: 'action'; onContent: boolean; i: number; action: ActionKind; items: number[]; revert: boolean }
  | { op: 'deleted'; c: number; onAuthor: boolean }
  | { op: 'restored'; c: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('account' as const),
    a: fc.nat(ACCOUNTS - 1),
    handle: fc.option(fc.constantFrom('@one', '@two', '@three')),
    minor: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('ingest' as const), c: fc.nat(CONTENT - 1), a: fc.nat(ACCOUNTS - 1) }),
  fc.record({ op: fc.constant('signal' as const), c: fc.nat(CONTENT - 1), strength: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    op: fc.constant('action' as const),
    onContent: fc.boolean(),
    i: fc.nat(Math.max(ACCOUNTS, CONTENT) - 1),
    action: fc.constantFrom(...ACTIONS),
    items: fc.subarray([0, 1, 2, 3]),
    revert: fc.boolean(),
  }),
  fc.record({ op: fc.constant('deleted' as const), c: fc.nat(CONTENT - 1), onAuthor: fc.boolean() }),
  fc.record({ op: fc.constant('restored' as const), c: fc.nat(CONTENT - 1) }),
);

/** Turns ops into events the way the edges would: an account is registered once, content ingested once, by a registered author. */
function eventsOfOps(run: string, ops: Op[]): NewEvent[] {
  const registered = new Set<number>();
  const authorOf = new Map<number, number>();
  const out: NewEvent[] = [];
  let tick = 0;
  const at = () => new Date(Date.parse(AT) + 1000 * tick++).toISOString();
  const accountId = (a: number) => `${run}-a${a}`;
  const contentId = (c: number) => `${run}-c${c}`;
  const base = (kind: 'account' | 'content', id: string) => ({ subject: { kind, id }, actor: PLATFORM, at: at(), reason: null });
  const ensureAccount = (a: number) => {
    if (registered.has(a)) return;
    registered.add(a);
    out.push({ ...base('account', accountId(a)), type: 'account.registered', payload: { handle: null } });
  };
  const ensureContent = (c: number, a: number) => {
    if (authorOf.has(c)) return authorOf.get(c)!;
    ensureAccount(a);
    authorOf.set(c, a);
    out.push({
      ...base('content', contentId(c)),
      type: 'content.ingested',
      payload: {
        kind: 'post',
        authorId: accountId(a),
        text: `note ${c}`,
        links: [],
        media: [],
        inReplyTo: null,
        recipientId: null,
        createdAt: AT,
        requestDigest: `${run}-${c}`,
      },
    });
    return a;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'account': {
        const payload = { handle: op.handle, ...(op.minor === undefined ? {} : { minor: op.minor }) };
        if (registered.has(op.a)) out.push({ ...base('account', accountId(op.a)), type: 'account.updated', payload });
        else {
          registered.add(op.a);
          out.push({ ...base('account', accountId(op.a)), type: 'account.registered', payload });
        }
        break;
      }
      case 'ingest':
        ensureContent(op.c, op.a);
        break;
      case 'signal':
        ensureContent(op.c, 0);
        out.push({
          ...base('content', contentId(op.c)),
          type: 'signal.recorded',
          payload: { signal: 'text-rule', source: 'text', strength: op.strength, clause: null, evidence: { family: 'placeholder' } },
        });
        break;
      case 'action': {
        const contentIds = op.items.map(contentId);
        let subject: ReturnType<typeof base>;
        if (op.onContent) {
          ensureContent(op.i % CONTENT, 0);
          subject = base('content', contentId(op.i % CONTENT));
        } else {
          ensureAccount(op.i % ACCOUNTS);
          subject = base('account', accountId(op.i % ACCOUNTS));
        }
        const payload = { action: op.action, contentIds, consequence: null };
        out.push(op.revert && op.onContent ? { ...subject, type: 'action.reverted', payload } : { ...subject, type: 'action.taken', payload });
        break;
      }
      case 'deleted': {
        const a = ensureContent(op.c, 0);
        out.push({ ...base('content', contentId(op.c)), type: 'content.deleted', payload: {} });
        if (op.onAuthor) out.push({ ...base('account', accountId(a)), type: 'content.deleted', payload: { contentIds: [contentId(op.c)] } });
        break;
      }
      case 'restored':
        ensureContent(op.c, 0);
        out.push({ ...base('content', contentId(op.c)), type: 'content.restored', payload: {} });
        break;
    }
  }
  return out;
}

function chunks<T>(items: T[], sizes: number[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (let k = 0; i < items.length; k++) {
    const n = sizes.length > 0 ? sizes[k % sizes.length]! : items.length;
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

async function cacheIsTheFold(store: Store, run: string): Promise<void> {
  for (const [table, kind, fold, count] of [
    ['accounts', 'account', foldAccount, ACCOUNTS],
    ['content', 'content', foldContent, CONTENT],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const id = `${run}-${kind === 'account' ? 'a' : 'c'}${i}`;
      const folded = foldAll(fold as (s: unknown, e: NewEvent) => unknown, await eventsOf(store.db, { kind, id }));
      const row = await store.db.selectFrom(table).select('state_json').where('id', '=', id).executeTakeFirst();
      if (folded === undefined) assert.equal(row, undefined, `${kind} ${id} has a row but folds to nothing`);
      else {
        assert.ok(row, `${kind} ${id} folds to a state but has no row`);
        assert.deepEqual(JSON.parse(row.state_json), JSON.parse(JSON.stringify(folded)), `${kind} ${id}`);
      }
    }
  }
}

describeEachStore('log property: the cached state is the fold of the log', (store) => {
  test('random events in random batches', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }), async (ops, sizes) => {
        const id = `r${run++}`;
        for (const batch of chunks(eventsOfOps(id, ops), sizes)) await store().write((w) => w.append(batch));
        await cacheIsTheFold(store(), id);
      }),
      { numRuns: 25 },
    );
    const report = await verifyLog(store());
    assert.ok(report.ok, JSON.stringify({ ...report, badEvents: report.badEvents.slice(0, 3) }));
  });
});

// ---- (b) verify names every tamper ----

type Field = 'payload' | 'at' | 'reason' | 'actor' | 'type';
const FIELDS: Field[] = ['payload', 'at', 'reason', 'actor', 'type'];

/** What verify must say about a tamper: these seqs among the bad events, or a problem about the partition's end. */
interface Expectation {
  partitions: number[];
  seqs: number[];
  tailOf: number[];
  /** Bad events may only fall within these seq ranges of their partition (a swap reorders what lies between). */
  allowed: { partition: number; from: number; to: number }[];
}

class Rollback extends Error {}

async function tampered(store: Store, tamper: (tx: Tx) => Promise<void>): Promise<VerifyReport> {
  let report: VerifyReport | undefined;
  await store
    .transaction(async (tx) => {
      await tamper(tx);
      report = await verifyLog({ db: tx as Store['db'], partitions: store.partitions });
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return report!;
}

function changed(row: EventRow, field: Field): Partial<EventRow> {
  switch (field) {
    // Still valid JSON, and still its type's payload: only the stored text differs.
    case 'payload':
      return { payload_json: `${row.payload_json} ` };
    case 'at':
      return { at: new Date(Date.parse(row.at) + 1).toISOString() };
    case 'reason':
      return { reason: row.reason === null ? 'edited' : `${row.reason}.` };
    case 'actor':
      return { actor_id: row.actor_id === 'someone-else' ? 'someone-other' : 'someone-else' };
    case 'type':
      return { type: row.type === 'content.restored' ? 'content.deleted' : 'content.restored' };
  }
}

const SWAPPED = ['partition_seq', 'type', 'subject_kind', 'subject_id', 'actor_kind', 'actor_id', 'at', 'reason', 'payload_json', 'prev_hash', 'hash'] as const;

async function swap(tx: Tx, a: EventRow, b: EventRow): Promise<void> {
  const fields = (r: EventRow) => Object.fromEntries(SWAPPED.map((k) => [k, r[k]]));
  // Through a free position: (partition, partition_seq) is unique.
  await tx
    .updateTable('events')
    .set({ ...fields(b), partition_seq: -1 })
    .where('seq', '=', a.seq)
    .execute();
  await tx.updateTable('events').set(fields(a)).where('seq', '=', b.seq).execute();
  await tx.updateTable('events').set({ partition_seq: b.partition_seq }).where('seq', '=', a.seq).execute();
}

function assertNamed(report: VerifyReport, expected: Expectation, what: string): void {
  const named = new Set(report.badEvents.map((b) => b.seq));
  const text = `${what}\n${JSON.stringify({ badEvents: report.badEvents, problems: report.problems.filter((p) => p.startsWith('partition')) }, null, 1)}`;
  assert.equal(report.ok, false, text);
  assert.equal(report.badEventCount, report.badEvents.length, text);
  for (const seq of expected.seqs) assert.ok(named.has(seq), `seq ${seq} not named: ${text}`);
  for (const p of expected.tailOf)
    assert.ok(
      report.problems.some((x) => x.startsWith(`partition ${p}:`)),
      `end of partition ${p} not named: ${text}`,
    );
  for (const b of report.badEvents) {
    const inRange = expected.allowed.some((r) => r.partition === b.partition && b.seq >= r.from && b.seq <= r.to);
    assert.ok(inRange || expected.seqs.includes(b.seq), `seq ${b.seq} (partition ${b.partition}) blamed but untouched: ${text}`);
  }
  assert.equal(report.firstBadEvent?.seq, report.badEvents[0]?.seq);
}

describeEachStore('log property: verify names every tamper', (store) => {
  let rows: EventRow[] = [];
  let byPartition = new Map<number, EventRow[]>();
  let eligible: number[] = [];

  before(async () => {
    const s = store();
    const requests = Array.from({ length: 40 }, (_, i) => ({ item: post(`t${i}`, `ta${i % 10}`), actor: PLATFORM, at: AT }));
    await new IngestBatches(s).write(requests);
    const reason = 'test tamper seed';
    const more: NewEvent[] = [];
    for (let i = 0; i < 10; i++) {
      const e: EventOf<'action.taken'> = {
        type: 'action.taken',
        subject: { kind: 'content', id: `t${i}` },
        actor: { kind: 'staff', id: 'stf_1' },
        at: AT,
        reason,
        payload: { action: 'remove_content', consequence: null },
      };
      more.push(e, { type: 'content.deleted', subject: { kind: 'content', id: `t${i + 10}` }, actor: PLATFORM, at: AT, reason: null, payload: {} });
    }
    await s.write((w) => w.append(more));
    rows = (await s.db.selectFrom('events').selectAll().orderBy('seq').execute()) as EventRow[];
    for (const r of rows) {
      const list = byPartition.get(r.partition) ?? [];
      list.push(r);
      byPartition.set(r.partition, list);
    }
    byPartition = new Map([...byPartition].map(([p, list]) => [p, list.sort((a, b) => Number(a.partition_seq) - Number(b.partition_seq))]));
    eligible = [...byPartition].filter(([, list]) => list.length >= 2).map(([p]) => p);
    assert.ok(eligible.length >= 5, `only ${eligible.length} partitions hold two events or more`);
    const clean = await verifyLog(s);
    assert.ok(clean.ok, JSON.stringify(clean));
  });

  const pick = <T>(list: T[], n: number) => list[n % list.length]!;

  function alter(tx: Tx, row: EventRow, field: Field): { run: () => Promise<void>; expected: Expectation } {
    return {
      run: async () => void (await tx.updateTable('events').set(changed(row, field)).where('seq', '=', row.seq).execute()),
      expected: { partitions: [row.partition], seqs: [Number(row.seq)], tailOf: [], allowed: [] },
    };
  }

  function remove(tx: Tx, row: EventRow): { run: () => Promise<void>; expected: Expectation } {
    const next = byPartition.get(row.partition)!.find((r) => Number(r.partition_seq) === Number(row.partition_seq) + 1);
    return {
      run: async () => void (await tx.deleteFrom('events').where('seq', '=', row.seq).execute()),
      expected: { partitions: [row.partition], seqs: next ? [Number(next.seq)] : [], tailOf: next ? [] : [row.partition], allowed: [] },
    };
  }

  function exchange(tx: Tx, a: EventRow, b: EventRow): { run: () => Promise<void>; expected: Expectation } {
    const [first, second] = Number(a.seq) < Number(b.seq) ? [a, b] : [b, a];
    return {
      run: () => swap(tx, first, second),
      expected: {
        partitions: [a.partition],
        seqs: [Number(first.seq), Number(second.seq)],
        tailOf: [],
        allowed: [{ partition: a.partition, from: Number(first.seq), to: Number(second.seq) }],
      },
    };
  }

  test('any single tamper is named, and nothing else is blamed', async () => {
    const tamperArb = fc.oneof(
      fc.record({ kind: fc.constant('alter' as const), row: fc.nat(), field: fc.constantFrom(...FIELDS) }),
      fc.record({ kind: fc.constant('delete' as const), row: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), partition: fc.nat(), i: fc.nat(), j: fc.nat() }),
      fc.record({ kind: fc.constant('cut' as const), n: fc.integer({ min: 1, max: 6 }) }),
    );
    await fc.assert(
      fc.asyncProperty(tamperArb, async (t) => {
        let expected!: Expectation;
        const report = await tampered(store(), async (tx) => {
          if (t.kind === 'alter') {
            const x = alter(tx, pick(rows, t.row), t.field);
            expected = x.expected;
            await x.run();
          } else if (t.kind === 'delete') {
            const x = remove(tx, pick(rows, t.row));
            expected = x.expected;
            await x.run();
          } else if (t.kind === 'swap') {
            const list = byPartition.get(pick(eligible, t.partition))!;
            const i = t.i % list.length;
            const j = (i + 1 + (t.j % (list.length - 1))) % list.length;
            const x = exchange(tx, list[i]!, list[j]!);
            expected = x.expected;
            await x.run();
          } else {
            const cut = rows.slice(-t.n);
            expected = { partitions: [], seqs: [], tailOf: [...new Set(cut.map((r) => r.partition))], allowed: [] };
            await tx
              .deleteFrom('events')
              .where(
                'seq',
                'in',
                cut.map((r) => r.seq),
              )
              .execute();
          }
        });
        assertNamed(report, expected, JSON.stringify(t));
        // A change of one row or a deletion is one bad event, not a cascade.
        if (t.kind === 'alter' || t.kind === 'delete') assert.ok(report.badEventCount <= 1, JSON.stringify(report.badEvents));
      }),
      { numRuns: 40 },
    );
  });

  test('several tampers at once: three altered in different partitions, one deleted, one swapped; each is named', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(eligible, { minLength: 5, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        fc.array(fc.constantFrom(...FIELDS), { minLength: 3, maxLength: 3 }),
        async (partitions, n, fields) => {
          const [p1, p2, p3, p4, p5] = partitions as [number, number, number, number, number];
          const expected: Expectation[] = [];
          const report = await tampered(store(), async (tx) => {
            const list = (p: number) => byPartition.get(p)!;
            const swapList = list(p5);
            const i = n[4]! % swapList.length;
            const j = (i + 1 + (n[5]! % (swapList.length - 1))) % swapList.length;
            const plan = [
              alter(tx, pick(list(p1), n[0]!), fields[0]!),
              alter(tx, pick(list(p2), n[1]!), fields[1]!),
              alter(tx, pick(list(p3), n[2]!), fields[2]!),
              remove(tx, pick(list(p4), n[3]!)),
              exchange(tx, swapList[i]!, swapList[j]!),
            ];
            for (const x of plan) {
              expected.push(x.expected);
              await x.run();
            }
          });
          const all: Expectation = {
            partitions: expected.flatMap((e) => e.partitions),
            seqs: expected.flatMap((e) => e.seqs),
            tailOf: expected.flatMap((e) => e.tailOf),
            allowed: expected.flatMap((e) => e.allowed),
          };
          assertNamed(report, all, JSON.stringify({ partitions, n, fields }));
        },
      ),
      { numRuns: 20 },
    );
    // Every tamper was rolled back: the committed log is as seeded.
    assert.ok((await verifyLog(store())).ok);
  });
});
