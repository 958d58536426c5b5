// Classifier signals, Take It Down matches and the kind of material, through the decision
// function. Every signal here is a placeholder: nothing stands for real material.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DecisionError, decide, type SignalInput } from '../../src/policy/index.js';
import { FRESH, finding, input, mediaMatch } from './signals-fixtures.js';

function classifier(strength: number, over: { clause?: string; acts?: boolean; materialNature?: string | null } = {}): SignalInput {
  return {
    signal: 'classifier',
    source: 'classifier:test-provider',
    strength,
    clause: over.clause ?? 'content.visual-depiction',
    evidence: { provider: 'test-provider', model: 'test-model', modelVersion: '1', acts: over.acts ?? false, materialNature: over.materialNature ?? null },
  };
}

function takeItDown(over: { verified?: boolean; distance?: number } = {}): SignalInput {
  const m = mediaMatch({ verified: over.verified ?? false, ...(over.distance !== undefined ? { distance: over.distance } : {}) });
  return { ...m, source: 'bank:tid-list', evidence: { ...m.evidence, bankName: 'tid-list', bankSource: 'take-it-down' } };
}

const CLAUSES = ['content.visual-depiction', 'content.illustrated-depiction', 'content.link-to-material', 'content.sexualised-comment-minor'];

test('a classifier signal alone never removes, suspends or blocks by default, whatever its score and clause', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...CLAUSES), fc.integer({ min: 1, max: 4 }), (strength, clause, n) => {
      const d = decide(input(Array.from({ length: n }, () => classifier(strength, { clause }))));
      assert.equal(d.outcome, 'review');
      assert.equal(d.rule.id, 'review.classifier');
      assert.deepEqual(
        d.plan.map((a) => a.kind),
        ['open_case'],
      );
    }),
  );
});

test('a high classifier score raises the case priority above a low one', () => {
  const low = decide(input([classifier(0.2)])).priority!;
  const high = decide(input([classifier(0.95)])).priority!;
  assert.ok(high > low, `${high} > ${low}`);
});

test('a classifier the operator trusts acts on material at or above its cut', () => {
  const d = decide(input([classifier(0.97, { acts: true })]));
  assert.equal(d.outcome, 'act');
  assert.equal(d.rule.id, 'auto.trusted-classifier');
  assert.deepEqual(
    d.plan.map((a) => a.kind),
    ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
  );
  assert.equal(
    d.plan.find((a) => a.kind === 'file_cybertip' && a.draft),
    d.plan[3],
  );
});

test('a trusted classifier never acts on text, nor when the operator allows no action without a person', () => {
  assert.equal(decide(input([classifier(0.99, { acts: true, clause: 'content.sexualised-comment-minor' })])).outcome, 'review');
  assert.equal(decide(input([classifier(0.99, { acts: true })], { options: { autoActionVerifiedBanks: false } })).outcome, 'review');
});

test('a Take It Down match removes without notice, drafts a report and leaves the account to a person', () => {
  const d = decide(input([takeItDown()]));
  assert.equal(d.outcome, 'act');
  assert.equal(d.rule.id, 'auto.take-it-down');
  assert.deepEqual(
    d.plan.map((a) => a.kind),
    ['remove_content', 'file_cybertip', 'open_case'],
  );
  const removal = d.plan[0]!;
  assert.ok(removal.kind === 'remove_content' && removal.notifyUser === false);
  const c = d.plan[2]!;
  assert.ok(c.kind === 'open_case' && c.subject.kind === 'account' && c.subject.id === 'acct-1' && c.priority >= 80);
  assert.ok(!d.plan.some((a) => a.kind === 'suspend_account' || a.kind === 'block_identifiers'));
});

test('a Take It Down bank marked verified is still handled as Take It Down, not as a verified bank', () => {
  assert.equal(decide(input([takeItDown({ verified: true })])).rule.id, 'auto.take-it-down');
});

test('a Take It Down match beyond the PDQ cut, or with removal switched off, goes to review', () => {
  assert.equal(decide(input([takeItDown({ distance: 60 })])).outcome, 'review');
  assert.equal(decide(input([takeItDown()], { options: { autoRemoveTakeItDown: false } })).outcome, 'review');
});

test('a verified bank match beside a Take It Down match is acted on as a verified match', () => {
  assert.equal(decide(input([takeItDown(), mediaMatch()])).rule.id, 'auto.verified-bank');
});

test('the kind of material: from the classifiers without a person, from the reviewer with one', () => {
  const signals = [classifier(0.8, { materialNature: 'computer-generated' }), classifier(0.6, { materialNature: 'drawn-or-animated' })];
  assert.deepEqual(decide(input(signals)).materialNature, ['computer-generated', 'drawn-or-animated']);
  assert.deepEqual(decide(input([classifier(0.8)])).materialNature, []);
  const reviewed = decide(
    input(signals, { review: finding({ clauses: ['content.illustrated-depiction'], malicious: true, materialNature: ['drawn-or-animated'] }), account: FRESH }),
  );
  assert.deepEqual(reviewed.materialNature, ['drawn-or-animated']);
  const none = decide(input(signals, { review: finding({ clauses: ['content.illustrated-depiction'], malicious: true }) }));
  assert.deepEqual(none.materialNature, []);
  assert.throws(() => decide(input([], { review: finding({ materialNature: ['photograph'] }) })), DecisionError);
});
