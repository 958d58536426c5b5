// The case-opening policy as data, ages and contexts, and accumulation with decay (pure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageStatus, reviewContext } from '../../src/policy/ages.js';
import { accumulate, emptySenderRisk, foldSenderRisk, senderMinors } from '../../src/policy/accumulation.js';
import { caseOpeningPolicy, cellFor, DEFAULT_CASE_OPENING } from '../../src/policy/case-opening-rules.js';
import { caseStep } from '../../src/policy/case-opening.js';
import { compileRules, DEFAULT_RULES, parseRulesFile, RulesError } from '../../src/detect/text/index.js';

const AT = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const acc = DEFAULT_CASE_OPENING.accumulation;

test('ages: the minor flag wins, then a band, then a birth year; the year someone turns 18 and no facts are unknown', () => {
  assert.equal(ageStatus({ minor: false, ageBand: '13-15' }, AT), 'adult');
  assert.equal(ageStatus({ ageBand: '16-17' }, AT), 'minor');
  assert.equal(ageStatus({ ageBand: '18+' }, AT), 'adult');
  assert.equal(ageStatus({ birthYear: 2012 }, AT), 'minor');
  assert.equal(ageStatus({ birthYear: 2008 }, AT), 'unknown');
  assert.equal(ageStatus({ birthYear: 2007 }, AT), 'adult');
  assert.equal(ageStatus({ minor: null }, AT), 'unknown');
  assert.equal(ageStatus(undefined, AT), 'unknown');
});

test('contexts: who writes to whom; an unknown sender toward a minor is its own context, an unknown recipient too', () => {
  assert.equal(reviewContext(false, 'adult', 'minor'), 'public');
  assert.equal(reviewContext(true, 'adult', 'adult'), 'adults');
  assert.equal(reviewContext(true, 'adult', 'minor'), 'adult-to-minor');
  assert.equal(reviewContext(true, 'unknown', 'minor'), 'to-minor');
  assert.equal(reviewContext(true, 'minor', 'minor'), 'minor-to-minor');
  assert.equal(reviewContext(true, 'minor', 'adult'), 'minor-to-adult');
  assert.equal(reviewContext(true, 'adult', 'unknown'), 'unknown-age');
});

test('the rules file may change any cell; what it leaves out keeps the defaults; a bad cell is refused with its path', () => {
  const file = { ...DEFAULT_RULES, caseOpening: { contexts: { public: { 'age-probing': { action: 'open', from: 0.3 } } } } };
  const rules = compileRules(file);
  assert.deepEqual(cellFor(rules.caseOpening, 'public', 'age-probing'), { action: 'open', from: 0.3 });
  assert.deepEqual(cellFor(rules.caseOpening, 'public', 'secrecy'), cellFor(DEFAULT_CASE_OPENING, 'public', 'secrecy'));
  assert.deepEqual(rules.caseOpening.contexts['adult-to-minor'], DEFAULT_CASE_OPENING.contexts['adult-to-minor']);
  assert.throws(
    () => parseRulesFile({ ...DEFAULT_RULES, caseOpening: { contexts: { public: { secrecy: { action: 'shout' } } } } }),
    (err: unknown) => err instanceof RulesError && err.problems.some((p) => p.startsWith('caseOpening.contexts.public.secrecy.action')),
  );
  assert.throws(() => parseRulesFile({ ...DEFAULT_RULES, caseOpening: { contexts: { elsewhere: {} } } }), RulesError);
  assert.equal(caseOpeningPolicy(undefined), DEFAULT_CASE_OPENING);
});

test('accumulation: families add up, a late step after an early one weighs more, and old showings fade by the half-life', () => {
  const early = { from: 's', id: '1', at: AT, families: { 'age-probing': 0.4 } };
  const late = { from: 's', id: '2', at: AT + HOUR, families: { 'image-request': 0.6 } };
  const both = accumulate([early, late], 's', AT + HOUR, false, acc);
  assert.equal(both.ordered, true);
  assert.ok(both.risk > 1 - 0.6 * 0.4, `${both.risk}`);
  assert.deepEqual(both.contentIds, ['1', '2']);
  const reversed = accumulate(
    [
      { ...late, at: AT },
      { ...early, at: AT + HOUR },
    ],
    's',
    AT + HOUR,
    false,
    acc,
  );
  assert.equal(reversed.ordered, false);
  assert.ok(reversed.risk < both.risk);
  const weekLater = accumulate([early], 's', AT + acc.halfLifeHours * HOUR, false, acc);
  assert.equal(weekLater.families['age-probing'], 0.2);
  const toMinor = accumulate([early, late], 's', AT + HOUR, true, acc);
  assert.ok(toMinor.risk > both.risk, 'faster toward a minor');
  assert.equal(accumulate([early], 'someone-else', AT, false, acc).risk, 0, "only the sender's own messages count");
});

test('case steps: a public post records, threat plus demand toward a minor is urgent, teenagers need much more', () => {
  assert.equal(
    caseStep(DEFAULT_CASE_OPENING, { context: 'public', findings: [{ family: 'platform-migration', strength: 0.4, clause: 'behaviour.grooming' }] }),
    null,
  );
  const threat = [
    { family: 'sextortion-threat', strength: 0.8, clause: 'behaviour.sextortion' },
    { family: 'payment-demand', strength: 0.5, clause: 'behaviour.sextortion' },
  ];
  const urgent = caseStep(DEFAULT_CASE_OPENING, { context: 'to-minor', findings: threat });
  assert.equal(urgent?.action, 'open');
  assert.equal(urgent?.urgent, true);
  assert.equal(urgent?.priority, 100);
  assert.equal(urgent?.rule, 'review.sextortion');
  assert.ok(urgent?.clauses.includes('behaviour.sextortion'));
  const adults = caseStep(DEFAULT_CASE_OPENING, { context: 'adults', findings: threat });
  assert.equal(adults, null, 'between adults a threat is recorded: the policy is about children');
  const families = { 'age-probing': 0.4, secrecy: 0.55, 'platform-migration': 0.4 };
  const accumulated = { risk: 0.95, families, contentIds: ['1', '2', '3'], items: [], ordered: false };
  assert.equal(caseStep(DEFAULT_CASE_OPENING, { context: 'adult-to-minor', findings: [], accumulated })?.action, 'open');
  assert.equal(caseStep(DEFAULT_CASE_OPENING, { context: 'minor-to-minor', findings: [], accumulated }), null);
  const twoFamilies = { ...accumulated, families: { 'age-probing': 0.4, secrecy: 0.55 } };
  assert.notEqual(caseStep(DEFAULT_CASE_OPENING, { context: 'adult-to-minor', findings: [], accumulated: twoFamilies })?.action, 'open');
});

test('sender risk: distinct minors at the threshold, faded by time, bounded', () => {
  let s = emptySenderRisk();
  s = foldSenderRisk(s, 'c1', 'kid-1', 0.9, AT);
  s = foldSenderRisk(s, 'c2', 'kid-1', 0.9, AT);
  assert.deepEqual(senderMinors(s, AT, acc, DEFAULT_CASE_OPENING.sender), ['kid-1']);
  s = foldSenderRisk(s, 'c3', 'kid-2', 0.9, AT);
  assert.deepEqual(senderMinors(s, AT, acc, DEFAULT_CASE_OPENING.sender), ['kid-1', 'kid-2']);
  assert.deepEqual(senderMinors(s, AT + 4 * acc.halfLifeHours * HOUR, acc, DEFAULT_CASE_OPENING.sender), []);
  for (let i = 0; i < 80; i++) s = foldSenderRisk(s, `x${i}`, `k${i}`, 0.6, AT + i);
  assert.equal(Object.keys(s.conversations).length, 50);
});
