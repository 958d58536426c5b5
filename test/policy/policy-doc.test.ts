import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLAUSES, POLICY_VERSION, RULE_IDS, renderPolicyMarkdown } from '../../src/policy/index.js';

const page = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');

test('docs/policy.md is the rendering of the policy data (run: node --import tsx scripts/render-policy.ts)', () => {
  assert.equal(page, renderPolicyMarkdown(), 'docs/policy.md is out of date: regenerate it with scripts/render-policy.ts');
});

test('the page names the version, every clause in both languages and every decision rule', () => {
  assert.ok(page.includes(`# vigie policy ${POLICY_VERSION}`));
  for (const c of CLAUSES) {
    assert.ok(page.includes(`\`${c.id}\``), c.id);
    assert.ok(page.includes(c.summary.en) && page.includes(c.summary.fr), c.id);
  }
  for (const id of RULE_IDS) assert.ok(page.includes(`\`${id}\``), id);
});
