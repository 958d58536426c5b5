// DESIGN.md: "Dependencies point inward, and a test enforces it." This is that test. The
// rules themselves, and why each exists, are in .dependency-cruiser.cjs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cruiseLayers, type LayerCruise } from './cruise.js';
import { describeViolation, report } from './violations.js';

// Violations known when the rule came in, by rule: the list may only shrink (it is empty
// now: every edge goes through a service). Each was an edge (a command or route) reading
// the store directly where a service should stand between; a new one fails the test, and
// so does a listed one that was fixed and not taken off the list.
const KNOWN: Record<string, string[]> = JSON.parse(readFileSync(new URL('./known-violations.json', import.meta.url), 'utf8'));
const isKnown = (rule: string, line: string) => (KNOWN[rule] ?? []).includes(line);

describe('architecture: dependencies point inward', () => {
  let cruised: LayerCruise;

  // One cruise (about two seconds) serves every test below.
  before(async () => {
    cruised = await cruiseLayers();
  });

  test('the cruise reads src/ and resolves every import (or the rules would check nothing)', () => {
    assert.ok(cruised.modules > 100, `only ${cruised.modules} modules cruised`);
    assert.deepEqual(cruised.unresolved, []);
  });

  test('every import respects the layer rules', () => {
    const layers = cruised.violations.filter((v) => v.rule.name !== 'no-circular' && !isKnown(v.rule.name, describeViolation(v)));
    assert.ok(layers.length === 0, report(layers));
  });

  test('every known violation still occurs (fixed ones leave known-violations.json)', () => {
    const seen = new Set(cruised.violations.map((v) => `${v.rule.name}\u0000${describeViolation(v)}`));
    const gone = Object.entries(KNOWN).flatMap(([rule, lines]) => lines.filter((l) => !seen.has(`${rule}\u0000${l}`)).map((l) => `${rule}: ${l}`));
    assert.deepEqual(gone, []);
  });

  test('no circular dependencies inside src/', () => {
    const cycles = cruised.violations.filter((v) => v.rule.name === 'no-circular');
    assert.ok(cycles.length === 0, report(cycles));
  });
});
