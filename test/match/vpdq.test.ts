// vPDQ matching: the frame-list forms, the match rule in both its upstream readings, the
// index (candidate retrieval then verification), and the fixture match matrix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  HASH_TYPE_DEFS,
  VpdqIndex,
  formatFrameLine,
  formatVpdqValue,
  parseFrameLines,
  parseVpdqValue,
  printfFixed,
  vpdqPercents,
  type VpdqFrame,
} from '../../src/match/index.js';
import { parseHashLines, serialiseHashLines } from '../../src/match/formats/hash-lines.js';
import { sharedPath, skipWithoutShared } from '../support/shared.js';

const h = (nibble: string) => nibble.repeat(64);
/** A hash `bits` bits away from all zeros (the low bits of the last word set). */
function near(bits: number): string {
  let n = 0n;
  for (let i = 0; i < bits; i++) n |= 1n << BigInt(i);
  return n.toString(16).padStart(64, '0');
}

describe('printf-style fixed decimals', () => {
  test('rounds an exact tie to even, as C does, and anything else as toFixed', () => {
    assert.equal(printfFixed(12.125, 2), '12.12');
    assert.equal(printfFixed(12.375, 2), '12.38');
    assert.equal(printfFixed(0.0625, 3), '0.062');
    assert.equal(printfFixed(83.95061728395062, 2), '83.95');
    assert.equal(printfFixed(100, 2), '100.00');
    assert.equal(printfFixed(0, 3), '0.000');
  });
});

describe('vPDQ frame lists', () => {
  test('the reference line format round-trips', () => {
    const text = `0,100,${h('a')},0.000\n1,49,${h('b')},0.033\n`;
    const frames = parseFrameLines(text);
    assert.deepEqual(frames[1], { frameNumber: 1, quality: 49, hash: h('b'), timestamp: 0.033 });
    assert.equal(frames.map((f) => formatFrameLine(f)).join('\n') + '\n', text);
    assert.throws(() => parseFrameLines('0,100,zz,0.0\n'), /line 1/);
  });

  test('a bank value keeps each distinct hash once, first quality first, and parses back', () => {
    const frames: VpdqFrame[] = [
      { hash: h('a'), quality: 40 },
      { hash: h('b'), quality: 90 },
      { hash: h('A'), quality: 100 },
    ];
    const value = formatVpdqValue(frames);
    assert.equal(value, `40:${h('a')},90:${h('b')}`);
    const back = parseVpdqValue(value);
    assert.ok(back.ok);
    assert.deepEqual(back.frames, frames.slice(0, 2));
    for (const bad of ['', '101:' + h('a'), `50:${h('a')},x`, `50:${h('a').slice(1)}`]) assert.equal(parseVpdqValue(bad).ok, false, bad);
  });

  test('the plug-in keys an entry by the SHA-256 of its value; list lines carry the value', () => {
    const value = `90:${h('b')},40:${h('a')}`;
    const r = parseHashLines(`# one video per line\n${value}\n${value}\nnot,a,video\n`, 'vpdq');
    assert.equal(r.entries.length, 1);
    assert.equal(r.duplicates, 1);
    assert.equal(r.issues.length, 1);
    assert.match(r.entries[0]!.hash, /^[0-9a-f]{64}$/);
    assert.equal(r.entries[0]!.value, value);
    assert.equal(serialiseHashLines(r.entries), `${value}\n`);
  });
});

describe('the vPDQ match rule', () => {
  const a = near(0);
  const b30 = near(30);
  const b31 = near(31);
  test('sets (README, python-threatexchange): distance ≤ 31, repeated hashes counted once, low quality dropped', () => {
    const query: VpdqFrame[] = [
      { hash: a, quality: 100 },
      { hash: a, quality: 100 },
      { hash: h('f'), quality: 100 },
      { hash: h('e'), quality: 10 },
    ];
    const compared: VpdqFrame[] = [{ hash: b31, quality: 80 }];
    assert.deepEqual(vpdqPercents(query, compared), { queryMatchPercent: 50, comparedMatchPercent: 100 });
  });

  test('brute (the C++ tool): distance < 31, every frame counted', () => {
    const query: VpdqFrame[] = [
      { hash: a, quality: 100 },
      { hash: a, quality: 100 },
      { hash: h('f'), quality: 100 },
    ];
    assert.deepEqual(vpdqPercents(query, [{ hash: b31, quality: 80 }], { rule: 'brute' }), { queryMatchPercent: 0, comparedMatchPercent: 0 });
    const r = vpdqPercents(query, [{ hash: b30, quality: 80 }], { rule: 'brute' });
    assert.equal(printfFixed(r.queryMatchPercent, 2), '66.67');
    assert.equal(r.comparedMatchPercent, 100);
  });

  test('no good frame on either side gives 0 %, not a division by zero', () => {
    assert.deepEqual(vpdqPercents([{ hash: a, quality: 0 }], [{ hash: a, quality: 100 }]), { queryMatchPercent: 0, comparedMatchPercent: 0 });
  });

  test('compare through the plug-in applies the default thresholds to the second video', () => {
    const vpdq = HASH_TYPE_DEFS.vpdq;
    const banked = `100:${a}`;
    assert.equal(vpdq.compare(`100:${b31},100:${h('f')}`, banked).matched, true);
    assert.equal(vpdq.compare(`100:${h('f')}`, banked).matched, false);
  });
});

describe('the vPDQ index', () => {
  const video = (...hashes: string[]): VpdqFrame[] => hashes.map((hash) => ({ hash, quality: 100 }));
  test('finds the banked videos an upload covers, verifies them, and forgets removed ones', () => {
    const index = new VpdqIndex();
    const clip = video(near(0), h('1'), h('2'), h('3'), h('4'));
    index.addFrames(clip, 7);
    index.addFrames(video(h('9'), h('8')), 8);
    // Padded with unrelated frames, and one frame of the clip missing: 80 % of the bank's clip.
    const upload = video(h('c'), near(5), h('1'), h('2'), h('3'), h('d'));
    const hits = index.match(upload);
    assert.deepEqual(
      hits.map((x) => [x.key, x.comparedMatchPercent]),
      [[7, 80]],
    );
    assert.deepEqual(index.match(upload, { bankMatchPercent: 81 }), []);
    assert.deepEqual(index.match(upload, { uploadMatchPercent: 70 }), []);
    assert.equal(index.remove({ hash: 'x' }, 7), true);
    assert.deepEqual(index.match(upload), []);
    assert.equal(index.size, 1);
  });

  test('the plug-in index takes entries by their stored value', () => {
    const index = HASH_TYPE_DEFS.vpdq.createIndex();
    const parsed = HASH_TYPE_DEFS.vpdq.parse(`100:${h('1')},100:${h('2')}`);
    assert.ok(parsed.ok);
    index.add(parsed, 3);
    assert.equal(index.match(video(h('1'), h('2')))[0]?.key, 3);
  });
});

describe('the fixture match matrix (expected/brute-match-matrix.csv)', { skip: skipWithoutShared() }, () => {
  test('both readings of the rule reproduce every pair exactly, to the printed decimals', () => {
    const csv = readFileSync(sharedPath('fixtures/vpdq/expected/brute-match-matrix.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'query_hash_file,target_hash_file,cpp_query_match_pct,cpp_target_match_pct,pytx_query_match_pct,pytx_compared_match_pct');
    const load = (name: string) => parseFrameLines(readFileSync(sharedPath('fixtures/vpdq/expected/upstream-sample-hashes', name), 'utf8'));
    const rows = csv.slice(1);
    assert.equal(rows.length, 81);
    for (const row of rows) {
      const [q, t, ...want] = row.split(',');
      const brute = vpdqPercents(load(q!), load(t!), { rule: 'brute' });
      const sets = vpdqPercents(load(q!), load(t!));
      const got = [brute.queryMatchPercent, brute.comparedMatchPercent, sets.queryMatchPercent, sets.comparedMatchPercent].map((x) => printfFixed(x, 2));
      assert.deepEqual(got, want, `${q} against ${t}`);
    }
  });
});

describe('a vPDQ bank value', () => {
  test('makeBank checks each entry by its value and keys it by the value’s digest', async () => {
    const { makeBank } = await import('../../src/match/bank.js');
    const value = `100:${h('1')},90:${h('2')}`;
    const bank = makeBank({
      name: 'videos',
      hashType: 'vpdq',
      provenance: { source: 'internal' },
      verified: false,
      entries: [
        { hash: '', value },
        { hash: '', value },
      ],
    });
    assert.equal(bank.entries.length, 1);
    assert.equal(bank.entries[0]!.value, value);
    assert.equal(bank.entries[0]!.hash, HASH_TYPE_DEFS.vpdq.parse(value).ok ? (HASH_TYPE_DEFS.vpdq.parse(value) as { hash: string }).hash : '');
    assert.throws(
      () => makeBank({ name: 'videos', hashType: 'vpdq', provenance: { source: 'internal' }, verified: false, entries: [{ hash: h('1') }] }),
      /entry 1/,
    );
  });
});
