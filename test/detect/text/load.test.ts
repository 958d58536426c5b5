import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reloadingEngine, RulesLoader, type ReloadResult } from '../../../src/services/detection/text-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rulesFile = (phrase: string) =>
  JSON.stringify({
    format: 'vigie.text-rules',
    version: 1,
    termLists: { ops: {} },
    rules: [
      { id: 'phrase', family: 'test-family', clause: 'behaviour.grooming', strength: 0.5, when: { phrases: [phrase] } },
      { id: 'ops', family: 'test-list', clause: 'behaviour.obtain-material', strength: 0.6, when: { terms: 'ops' } },
    ],
  });

describe('RulesLoader', () => {
  test('without a rules file, the default rules load', async () => {
    const loader = new RulesLoader({});
    const rules = await loader.load();
    assert.equal(rules.name, 'vigie default rules');
  });

  test('reload picks up changes; a bad file keeps the rules in force and says why', async () => {
    const rulesPath = join(dir, 'rules.json');
    const listPath = join(dir, 'ops.txt');
    writeFileSync(rulesPath, rulesFile('placeholder alpha'));
    writeFileSync(listPath, 'placeholderterm\n');
    const loader = new RulesLoader({ rulesPath, termLists: { ops: listPath } });
    await loader.load();
    const engine = reloadingEngine(loader);
    const fam = (text: string) => engine.evaluate({ text }).signals.map((s) => s.family);
    assert.deepEqual(fam('placeholder alpha and placeholderterm'), ['test-family', 'test-list']);

    writeFileSync(rulesPath, rulesFile('placeholder beta'));
    assert.equal((await loader.reload()).ok, true);
    assert.deepEqual(fam('placeholder alpha'), []);
    assert.deepEqual(fam('placeholder beta'), ['test-family']);

    writeFileSync(rulesPath, '{ not json');
    const bad = await loader.reload();
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.errors[0]! : '', /not valid JSON/);
    assert.deepEqual(fam('placeholder beta'), ['test-family']);

    writeFileSync(rulesPath, JSON.stringify({ format: 'vigie.text-rules', version: 1, rules: [{ id: 'x' }] }));
    const invalid = await loader.reload();
    assert.equal(invalid.ok, false);
    assert.deepEqual(fam('placeholder beta'), ['test-family']);
  });

  test('a missing rules or list file is a clear error on first load', async () => {
    const loader = new RulesLoader({ rulesPath: join(dir, 'nope.json') });
    await assert.rejects(loader.load(), /ENOENT|no such file/);
    assert.throws(() => loader.current(), /not loaded yet/);
  });

  test('the watcher reloads when a term list changes on disk', async () => {
    const rulesPath = join(dir, 'watched.json');
    const listPath = join(dir, 'watched-ops.txt');
    writeFileSync(rulesPath, rulesFile('placeholder alpha'));
    writeFileSync(listPath, 'placeholderterm\n');
    const loader = new RulesLoader({ rulesPath, termLists: { ops: listPath } });
    await loader.load();
    const engine = reloadingEngine(loader);
    const reloaded = new Promise<ReloadResult>((resolve) => loader.onReload(resolve));
    const stop = loader.watch(50);
    try {
      writeFileSync(listPath, 'placeholderterm\nplaceholdernew\n');
      const result = await Promise.race([reloaded, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no reload within 5 s')), 5000))]);
      assert.equal(result.ok, true);
      assert.deepEqual(
        engine.evaluate({ text: 'placeholdernew' }).signals.map((s) => s.family),
        ['test-list'],
      );
    } finally {
      stop();
    }
  });
});
