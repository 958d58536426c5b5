import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules } from '../../../src/detect/text/compile.js';
import { createTextEngine } from '../../../src/detect/text/engine.js';
import { RulesError } from '../../../src/detect/text/rules-file.js';
import { termListFromArray } from '../../../src/detect/text/term-list.js';

const file = (rules: unknown[], extra: Record<string, unknown> = {}) => ({ format: 'vigie.text-rules', version: 1, rules, ...extra });
const r = (id: string, when: unknown, more: Record<string, unknown> = {}) => ({
  id,
  family: 'test-family',
  clause: 'behaviour.grooming',
  strength: 0.5,
  when,
  ...more,
});

function problems(value: unknown, lists = [] as ReturnType<typeof termListFromArray>[]): string[] {
  try {
    compileRules(value, lists);
  } catch (err) {
    assert.ok(err instanceof RulesError);
    return [...err.problems];
  }
  return [];
}

function families(rules: ReturnType<typeof compileRules>, text: string, meta: Record<string, unknown> = {}): string[] {
  return createTextEngine({ rules })
    .evaluate({ text, ...meta })
    .signals.map((s) => (s.source === 'text' ? `${s.rules.join('+')}` : s.family));
}

describe('rules file validation', () => {
  test('a file of another version is refused with a clear message', () => {
    assert.match(problems({ format: 'vigie.text-rules', version: 2, rules: [] })[0]!, /unsupported rules file version 2/);
  });

  test('every problem is reported with its path', () => {
    const p = problems(
      file([r('ok', { phrases: ['placeholderterm'] }), { id: 'Bad Id', family: 'x', clause: 'no.such', strength: 2, when: { phrase: ['x'] } }]),
    );
    assert.ok(p.some((m) => m.startsWith('rules.1.id')));
    assert.ok(p.some((m) => m.startsWith('rules.1.clause')));
    assert.ok(p.some((m) => m.startsWith('rules.1.strength')));
    assert.ok(p.some((m) => m.startsWith('rules.1.when')));
  });

  test('patterns must be RE2: backreferences and look-around are refused', () => {
    assert.match(problems(file([r('a', { pattern: '(a)\\1' })]))[0]!, /rules\.0\(a\)\.when\.pattern: not a valid RE2 pattern/);
    assert.match(problems(file([r('b', { pattern: 'x(?=y)' })]))[0]!, /not a valid RE2 pattern/);
    assert.match(problems(file([r('c', { pattern: '(?<=y)x' })]))[0]!, /not a valid RE2 pattern/);
  });

  test('duplicate ids, undeclared and missing required lists are errors', () => {
    const p = problems(file([r('same', { terms: 'nowhere' }), r('same', { terms: 'required' })], { termLists: { required: {} } }));
    assert.ok(p.some((m) => /duplicate rule id "same"/.test(m)));
    assert.ok(p.some((m) => /no term list named "nowhere"/.test(m)));
    assert.ok(p.some((m) => /termLists.required: the list is required/.test(m)));
  });

  test('a missing optional list is a warning and its rules never match', () => {
    const rules = compileRules(file([r('opt', { terms: 'maybe' })], { termLists: { maybe: { optional: true } } }));
    assert.match(rules.warnings[0]!, /"maybe" was not given/);
    assert.deepEqual(families(rules, 'anything at all'), []);
  });

  test('bad term-list lines are warnings; the good lines are used', () => {
    const list = termListFromArray('ops', ['placeholderterm', '???']);
    const rules = compileRules(file([r('ops', { terms: 'ops' })], { termLists: { ops: {} } }), [list]);
    assert.match(rules.warnings[0]!, /line 2/);
    assert.deepEqual(families(rules, 'a placeholderterm here'), ['ops']);
  });
});

describe('conditions', () => {
  test('phrases match normalised text on word boundaries', () => {
    const rules = compileRules(file([r('p', { phrases: ['Placeholder Phrase'] })]));
    assert.deepEqual(families(rules, 'PLACEH0LDER... phrase!'), ['p']);
    assert.deepEqual(families(rules, 'placeholder phrases'), []);
  });

  test('patterns run on the normalised text', () => {
    const rules = compileRules(file([r('p', { pattern: '\\bcode [0-9]{4}\\b' })]));
    assert.deepEqual(families(rules, 'CODE   1234 now'), ['p']);
  });

  test('near: within N words, in order when asked', () => {
    const near = (ordered: boolean) => compileRules(file([r('n', { near: [{ phrases: ['alpha'] }, { phrases: ['omega'] }], within: 2, ordered })]));
    assert.deepEqual(families(near(true), 'alpha one two omega'), ['n']);
    assert.deepEqual(families(near(true), 'alpha one two three omega'), []);
    assert.deepEqual(families(near(true), 'omega then alpha'), []);
    assert.deepEqual(families(near(false), 'omega then alpha'), ['n']);
  });

  test('all (co-occurrence), any and not', () => {
    const rules = compileRules(
      file([r('all', { all: [{ phrases: ['alpha'] }, { phrases: ['omega'] }] }), r('not', { all: [{ phrases: ['alpha'] }, { not: { phrases: ['beta'] } }] })]),
    );
    assert.deepEqual(families(rules, 'alpha far far away omega'), ['all+not']);
    assert.deepEqual(families(rules, 'alpha beta'), []);
  });

  test('metadata: recipient is a minor, account age, new contacts (unknown never matches)', () => {
    const rules = compileRules(
      file([
        r('minor', { all: [{ phrases: ['alpha'] }, { recipientIsMinor: true }] }),
        r('young', { all: [{ phrases: ['alpha'] }, { senderAccountAgeDays: { lt: 7 } }] }),
        r('many', { all: [{ phrases: ['alpha'] }, { senderNewContacts: { gte: 20 } }] }),
      ]),
    );
    assert.deepEqual(families(rules, 'alpha'), []);
    assert.deepEqual(families(rules, 'alpha', { recipientIsMinor: true, senderAccountAgeDays: 3, senderNewContacts: 25 }), ['minor+young+many']);
    assert.deepEqual(families(rules, 'alpha', { recipientIsMinor: false, senderAccountAgeDays: 7, senderNewContacts: 19 }), []);
  });

  test('rules for another language are skipped when the language is known', () => {
    const rules = compileRules(file([r('fr', { phrases: ['alpha'] }, { lang: ['fr'] })]));
    assert.deepEqual(families(rules, 'alpha', { lang: 'en' }), []);
    assert.deepEqual(families(rules, 'alpha', { lang: 'fr' }), ['fr']);
    assert.deepEqual(families(rules, 'alpha'), ['fr']);
  });

  test('family conditions refine what first-phase rules found', () => {
    const rules = compileRules(
      file([
        r('base', { phrases: ['alpha'] }),
        { ...r('refined', { all: [{ family: 'test-family' }, { recipientIsMinor: true }] }), family: 'other-family', strength: 0.9 },
      ]),
    );
    const signals = createTextEngine({ rules }).evaluate({ text: 'alpha', recipientIsMinor: true }).signals;
    assert.deepEqual(
      signals.map((s) => [s.family, s.strength]),
      [
        ['test-family', 0.5],
        ['other-family', 0.9],
      ],
    );
  });

  test('patterns stay linear on hostile input (no ReDoS)', () => {
    const rules = compileRules(file([r('redos', { pattern: '(a+)+$' }), r('redos2', { pattern: '(x|x)*y' })]));
    const engine = createTextEngine({ rules });
    const hostile = 'a'.repeat(20_000) + '!';
    const started = performance.now();
    engine.evaluate({ text: hostile });
    engine.evaluate({ text: 'x'.repeat(20_000) });
    assert.ok(performance.now() - started < 2000, 'a backtracking engine would take far longer');
  });

  test('a 10,000-term operator list matches with boundaries, and evidence points into the original', () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => `placeholderterm${i + 1000}`);
    const rules = compileRules(file([r('ops', { terms: 'ops' })], { termLists: { ops: {} } }), [termListFromArray('ops', terms)]);
    const engine = createTextEngine({ rules });
    const text = 'nothing here, but PlaceholderTerm5123 is, and placeholderterm99999 is not';
    const [signal] = engine.evaluate({ text }).signals;
    assert.ok(signal && signal.source === 'text');
    assert.deepEqual(signal.evidence, [{ start: 18, end: 37, text: 'PlaceholderTerm5123' }]);
    assert.equal(engine.evaluate({ text: 'placeholderterm51234' }).signals.length, 0);
  });
});
