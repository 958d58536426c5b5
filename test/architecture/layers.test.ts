// DESIGN.md: "Dependencies point inward, and a test enforces it." This is that test. The
// rules themselves, and why each exists, are in .dependency-cruiser.cjs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cruiseLayers, type LayerCruise } from './cruise.js';
import { report } from './violations.js';

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
    const layers = cruised.violations.filter((v) => v.rule.name !== 'no-circular');
    assert.ok(layers.length === 0, report(layers));
  });

  test('no circular dependencies inside src/', () => {
    const cycles = cruised.violations.filter((v) => v.rule.name === 'no-circular');
    assert.ok(cycles.length === 0, report(cycles));
  });
});
