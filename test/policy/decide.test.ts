import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CONSEQUENCE_IDS,
  DecisionError,
  EXCEPTION_IDS,
  VIOLATION_IDS,
  consequence,
  decide,
  violation,
  type Decision,
  type DecisionInput,
  type PlannedAction,
} from '../../src/policy/index.js';
import { ACTION_KINDS } from '../../src/moderation/events.js';
import { transition, type AccountStanding } from '../../src/enforcement/account-states.js';
import { FRESH, LOCKED, RESTORED, SENIOR, SUSPENDED, WARNED, classifierScore, finding, input, linkMatch, mediaMatch, textSignal } from './signals-fixtures.js';

interface Row {
  name: string;
  input: DecisionInput;
  outcome: Decision['outcome'];
  rule: string;
  plan: PlannedAction['kind'][];
  notes?: string[];
  check?: (d: Decision) => void;
}

const kinds = (d: Decision) => d.plan.map((a) => a.kind);
const find = <K extends PlannedAction['kind']>(d: Decision, kind: K) => d.plan.find((a): a is Extract<PlannedAction, { kind: K }> => a.kind === kind);

const AUTOMATIC: Row[] = [
  { name: 'no signal, no person: nothing to do', input: input([]), outcome: 'none', rule: 'none.no-signal', plan: [] },
  {
    name: 'verified bank, PDQ within the cut: remove without notice, suspend, block, CyberTipline draft',
    input: input([mediaMatch()]),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
    check: (d) => {
      assert.equal(d.automated, true);
      assert.equal(find(d, 'remove_content')!.notifyUser, false);
      assert.equal(find(d, 'file_cybertip')!.draft, true);
      assert.deepEqual(find(d, 'file_cybertip')!.clauses, ['content.visual-depiction']);
      assert.deepEqual(d.clauses, ['content.visual-depiction']);
      assert.equal(d.intent, 'not-assessed');
      assert.match(d.rule.detail!, /test-bank \(verified\), pdq, distance 4/);
    },
  },
  {
    name: 'verified bank, exact MD5 match',
    input: input([mediaMatch({ hashType: 'md5' })]),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
  },
  {
    name: 'verified bank on a locked account: suspension replaces the lock',
    input: input([mediaMatch()], { account: LOCKED }),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
  },
  {
    name: 'verified bank on an already suspended account: not suspended twice',
    input: input([mediaMatch()], { account: SUSPENDED }),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'file_cybertip'],
    notes: ['note.already-suspended'],
  },
  {
    name: 'verified bank on content already removed: the removal is not repeated',
    input: input([mediaMatch()], { subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'removed' } }),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['suspend_account', 'block_identifiers', 'file_cybertip'],
  },
  {
    name: 'verified bank with text signals too: acts on the match, keeps the rest for the reviewer',
    input: input([mediaMatch(), textSignal('behaviour.grooming', 0.8)]),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
    notes: ['note.other-signals'],
    check: (d) => assert.deepEqual(d.clauses, ['content.visual-depiction']),
  },
  {
    name: 'verified bank, but the operator turned automatic action off: review',
    input: input([mediaMatch()], { options: { autoActionVerifiedBanks: false } }),
    outcome: 'review',
    rule: 'review.auto-action-off',
    plan: ['open_case'],
    check: (d) => assert.equal(d.priority, 95),
  },
  {
    name: 'verified bank, PDQ beyond the cut: review',
    input: input([mediaMatch({ distance: 40 })]),
    outcome: 'review',
    rule: 'review.distance-beyond-cut',
    plan: ['open_case'],
  },
  {
    name: 'verified bank, a stricter operator cut: review',
    input: input([mediaMatch({ distance: 12 })], { options: { autoActionMaxPdqDistance: 10 } }),
    outcome: 'review',
    rule: 'review.distance-beyond-cut',
    plan: ['open_case'],
  },
  {
    name: 'verified bank, PDQ without a distance in the evidence: review',
    input: input([mediaMatch({ distance: null })]),
    outcome: 'review',
    rule: 'review.distance-beyond-cut',
    plan: ['open_case'],
  },
  {
    name: 'unverified bank: a case for review, high priority',
    input: input([mediaMatch({ verified: false })]),
    outcome: 'review',
    rule: 'review.unverified-bank',
    plan: ['open_case'],
    check: (d) => {
      const c = find(d, 'open_case')!;
      assert.deepEqual(c.subject, { kind: 'content', id: 'c-1' });
      assert.equal(c.needs, 'reviewer');
      assert.ok(c.priority >= 70 && c.priority <= 90, String(c.priority));
      assert.deepEqual(d.clauses, ['content.visual-depiction']);
    },
  },
  {
    name: 'a verified flag that is not exactly true counts as unverified',
    input: input([mediaMatch({ verified: 'true' })]),
    outcome: 'review',
    rule: 'review.unverified-bank',
    plan: ['open_case'],
  },
  {
    name: 'a bank match with no verified flag at all counts as unverified',
    input: input([mediaMatch({ verified: undefined })]),
    outcome: 'review',
    rule: 'review.unverified-bank',
    plan: ['open_case'],
  },
  { name: 'link on an unverified URL bank: review', input: input([linkMatch()]), outcome: 'review', rule: 'review.link-bank', plan: ['open_case'] },
  {
    name: 'link on a verified URL bank hosted outside the US: act and refer to INHOPE',
    input: input([linkMatch({ verified: true, hostingCountry: 'fr' })]),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip', 'refer_inhope'],
    check: (d) =>
      assert.deepEqual(find(d, 'refer_inhope'), {
        kind: 'refer_inhope',
        url: 'https://listed.example/page',
        country: 'FR',
        consequence: 'consequence.refer-inhope',
      }),
  },
  {
    name: 'link on a verified URL bank hosted in the US: NCMEC only',
    input: input([linkMatch({ verified: true, hostingCountry: 'US' })]),
    outcome: 'act',
    rule: 'auto.verified-bank',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
  },
  {
    name: 'text signal alone: review with a priority, nothing else',
    input: input([textSignal('behaviour.grooming', 0.9)]),
    outcome: 'review',
    rule: 'review.text',
    plan: ['open_case'],
    check: (d) => {
      assert.equal(d.priority, 74);
      assert.deepEqual(d.clauses, ['behaviour.grooming']);
    },
  },
  {
    name: 'sextortion text: urgent, top of the queue',
    input: input([textSignal('behaviour.sextortion', 0.8)]),
    outcome: 'review',
    rule: 'review.text',
    plan: ['open_case'],
    notes: ['note.urgent'],
    check: (d) => {
      assert.equal(d.priority, 100);
      assert.equal(find(d, 'open_case')!.urgent, true);
    },
  },
  {
    name: 'sextortion words dampened by a news context: not urgent',
    input: input([textSignal('behaviour.sextortion', 0.1)]),
    outcome: 'review',
    rule: 'review.text',
    plan: ['open_case'],
    check: (d) => assert.equal(find(d, 'open_case')!.urgent, false),
  },
  {
    name: 'weak text signals give a low priority',
    input: input([textSignal('behaviour.grooming', 0.1)]),
    outcome: 'review',
    rule: 'review.text',
    plan: ['open_case'],
    check: (d) => assert.ok(d.priority! < 30),
  },
  { name: 'classifier score: review', input: input([classifierScore(0.7)]), outcome: 'review', rule: 'review.classifier', plan: ['open_case'] },
  {
    name: 'an unknown signal: review, and an unknown clause is not passed on',
    input: input([{ signal: 'new-detector', source: 'x', strength: 0.5, clause: 'content.not-a-clause', evidence: {} }]),
    outcome: 'review',
    rule: 'review.other',
    plan: ['open_case'],
    check: (d) => assert.deepEqual(d.clauses, []),
  },
  {
    name: 'text and an unverified bank: the bank sets the rule, text is noted',
    input: input([textSignal('behaviour.grooming', 0.5), mediaMatch({ verified: false })]),
    outcome: 'review',
    rule: 'review.unverified-bank',
    plan: ['open_case'],
    notes: ['review.text'],
  },
  {
    name: 'a subject that is an account: the case is about the account',
    input: input([textSignal('behaviour.grooming', 0.5)], { subject: { accountId: 'acct-1', contentId: null } }),
    outcome: 'review',
    rule: 'review.text',
    plan: ['open_case'],
    check: (d) => assert.deepEqual(find(d, 'open_case')!.subject, { kind: 'account', id: 'acct-1' }),
  },
];

const WITH_PERSON: Row[] = [
  {
    name: 'malicious intent: remove without notice, suspend, block, report',
    input: input([], { review: finding({ clauses: ['behaviour.grooming'], malicious: true }) }),
    outcome: 'act',
    rule: 'person.malicious',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip'],
    check: (d) => {
      assert.equal(d.automated, false);
      assert.equal(d.intent, 'malicious');
      assert.equal(find(d, 'remove_content')!.notifyUser, false);
      assert.equal(find(d, 'file_cybertip')!.draft, false);
      assert.equal(find(d, 'suspend_account')!.consequence, 'consequence.permanent-suspension');
    },
  },
  {
    name: 'malicious intent on a clause not reported by default: no CyberTipline report',
    input: input([], { review: finding({ clauses: ['behaviour.normalise-attraction'], malicious: true }) }),
    outcome: 'act',
    rule: 'person.malicious',
    plan: ['remove_content', 'suspend_account', 'block_identifiers'],
  },
  {
    name: 'first violation without malicious intent: remove, lock until deletion, notify',
    input: input([], { review: finding() }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['remove_content', 'lock_account', 'notify_user'],
    check: (d) => {
      assert.equal(d.intent, 'not-malicious');
      assert.equal(find(d, 'remove_content')!.notifyUser, true);
      assert.deepEqual(find(d, 'lock_account')!.contentIds, ['c-1']);
      assert.equal(find(d, 'notify_user')!.notice, 'lock-until-deletion');
    },
  },
  {
    name: 'first violation without malice on a restored account: lock as well',
    input: input([], { review: finding(), account: RESTORED }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['remove_content', 'lock_account', 'notify_user'],
  },
  {
    name: 'no malice, but known material: removed without notice, still locked, still reported',
    input: input([mediaMatch({ verified: false })], { review: finding({ clauses: ['content.visual-depiction'] }) }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['remove_content', 'lock_account', 'file_cybertip', 'notify_user'],
    check: (d) => {
      assert.equal(find(d, 'remove_content')!.notifyUser, false);
      assert.equal(find(d, 'remove_content')!.consequence, 'consequence.remove-without-notice');
    },
  },
  {
    name: 'several items: each removed, all listed for deletion',
    input: input([], { review: finding({ contentIds: ['c-1', 'c-2', 'c-2', 'c-3'] }) }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['remove_content', 'remove_content', 'remove_content', 'lock_account', 'notify_user'],
    check: (d) => assert.deepEqual(find(d, 'lock_account')!.contentIds, ['c-1', 'c-2', 'c-3']),
  },
  {
    name: 'no malice but an earlier violation: permanent suspension',
    input: input([], { review: finding(), account: WARNED }),
    outcome: 'act',
    rule: 'person.further-violation',
    plan: ['remove_content', 'suspend_account', 'block_identifiers'],
    check: (d) => assert.equal(find(d, 'suspend_account')!.consequence, 'consequence.suspend-after-lock'),
  },
  {
    name: 'a violation during a lock: permanent suspension',
    input: input([], { review: finding(), account: LOCKED }),
    outcome: 'act',
    rule: 'person.further-violation',
    plan: ['remove_content', 'suspend_account', 'block_identifiers'],
  },
  {
    name: 'a violation on a suspended account: removal and report only',
    input: input([], { review: finding({ clauses: ['content.link-to-material'], malicious: false }), account: SUSPENDED }),
    outcome: 'act',
    rule: 'person.further-violation',
    plan: ['remove_content', 'file_cybertip'],
    notes: ['note.already-suspended'],
  },
  {
    name: 'first violation without malice, item already deleted: nothing to lock on, the holder is told',
    input: input([], { review: finding(), subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'deleted' } }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['notify_user'],
    notes: ['note.nothing-to-delete'],
    check: (d) => assert.equal(find(d, 'notify_user')!.notice, 'violation-recorded'),
  },
  {
    name: 'links to material hosted abroad: INHOPE referrals by country, never for the US or an unknown host',
    input: input([linkMatch({ hostingCountry: 'NL' })], {
      review: finding({
        clauses: ['content.link-to-material'],
        malicious: true,
        hosting: [
          { url: 'https://a.example/x', country: 'DE' },
          { url: 'https://b.example/y', country: 'US' },
          { url: 'https://c.example/z', country: null },
          { url: 'https://a.example/x', country: 'DE' },
        ],
      }),
    }),
    outcome: 'act',
    rule: 'person.malicious',
    plan: ['remove_content', 'suspend_account', 'block_identifiers', 'file_cybertip', 'refer_inhope', 'refer_inhope'],
    check: (d) =>
      assert.deepEqual(
        d.plan.filter((a) => a.kind === 'refer_inhope').map((a) => (a.kind === 'refer_inhope' ? `${a.country} ${a.url}` : '')),
        ['DE https://a.example/x', 'NL https://listed.example/page'],
      ),
  },
  {
    name: 'no violation: content removed while waiting is put back',
    input: input([mediaMatch({ verified: false })], {
      review: finding({ clauses: [], malicious: null }),
      subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'removed' },
    }),
    outcome: 'no-violation',
    rule: 'person.no-violation',
    plan: ['restore_content'],
  },
  {
    name: 'no violation, with the reason named',
    input: input([textSignal('behaviour.grooming', 0.4)], { review: finding({ clauses: ['non-violation.advocacy'], malicious: null }) }),
    outcome: 'no-violation',
    rule: 'person.no-violation',
    plan: [],
    check: (d) => assert.equal(d.rule.detail, 'non-violation.advocacy'),
  },
  {
    name: 'an exception without a senior: pending, nothing happens but a case for a senior reviewer',
    input: input([mediaMatch({ verified: false })], { review: finding({ clauses: ['content.visual-depiction'], exception: 'exception.news-reporting' }) }),
    outcome: 'pending-senior-confirmation',
    rule: 'person.exception-pending',
    plan: ['open_case'],
    check: (d) => {
      assert.equal(find(d, 'open_case')!.needs, 'senior-reviewer');
      assert.equal(d.exception, 'exception.news-reporting');
    },
  },
  {
    name: 'an exception "confirmed" by the same reviewer: still pending',
    input: input([], {
      review: finding({ clauses: ['content.visual-depiction'], exception: 'exception.renowned-art', senior: { ...SENIOR, reviewerId: 'rev-1' } }),
    }),
    outcome: 'pending-senior-confirmation',
    rule: 'person.exception-pending',
    plan: ['open_case'],
    check: (d) => assert.match(d.rule.detail!, /another person/),
  },
  {
    name: 'an exception confirmed by someone without exception:confirm: still pending',
    input: input([], {
      review: finding({ clauses: ['content.visual-depiction'], exception: 'exception.renowned-art', senior: { ...SENIOR, mayConfirmExceptions: false } }),
    }),
    outcome: 'pending-senior-confirmation',
    rule: 'person.exception-pending',
    plan: ['open_case'],
  },
  {
    name: 'an exception confirmed by a senior reviewer: not a violation, content put back',
    input: input([mediaMatch({ verified: false })], {
      review: finding({ clauses: ['content.illustrated-depiction'], exception: 'exception.scientific-educational', senior: SENIOR }),
      subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'removed' },
    }),
    outcome: 'exception',
    rule: 'person.exception-confirmed',
    plan: ['restore_content'],
    check: (d) => {
      assert.deepEqual(d.clauses, []);
      assert.equal(d.exception, 'exception.scientific-educational');
    },
  },
  {
    name: 'an exception declined by the senior: the violation stands',
    input: input([], {
      review: finding({ clauses: ['content.visual-depiction'], exception: 'exception.news-reporting', senior: { ...SENIOR, confirmed: false } }),
    }),
    outcome: 'act',
    rule: 'person.first-not-malicious',
    plan: ['remove_content', 'lock_account', 'file_cybertip', 'notify_user'],
    notes: ['person.exception-declined'],
  },
];

const ROWS = [...AUTOMATIC, ...WITH_PERSON];

for (const row of ROWS) {
  test(`decide: ${row.name}`, () => {
    const d = decide(row.input);
    assert.equal(d.outcome, row.outcome);
    assert.equal(d.rule.id, row.rule);
    assert.deepEqual(kinds(d), row.plan);
    assert.deepEqual(
      d.notes.map((n) => n.id),
      row.notes ?? [],
    );
    row.check?.(d);
  });
}

test('every decision carries the policy version, the rule text in both languages and only known action kinds', () => {
  const known = new Set<string>([...ACTION_KINDS, 'open_case']);
  for (const row of ROWS) {
    const d = decide(row.input);
    assert.match(d.policyVersion, /^\d+\.\d+\.\d+$/);
    assert.ok(d.rule.text.en.length > 0 && d.rule.text.fr.length > 0);
    for (const a of d.plan) assert.ok(known.has(a.kind), a.kind);
  }
});

test('every planned action enforces a consequence that lists its kind, and decision.consequences lists them in plan order', () => {
  for (const row of ROWS) {
    const d = decide(row.input);
    const cited: string[] = [];
    for (const a of d.plan) {
      if (a.consequence === null) {
        assert.ok(a.kind === 'open_case' || a.kind === 'restore_content', a.kind);
        continue;
      }
      assert.ok(consequence(a.consequence).actions.includes(a.kind), `${a.kind} under ${a.consequence}`);
      if (!cited.includes(a.consequence)) cited.push(a.consequence);
    }
    assert.deepEqual(d.consequences, cited, row.name);
  }
});

test('the table walks every consequence the decision function can apply (appeals restore through the account states)', () => {
  const used = new Set(ROWS.flatMap((r) => decide(r.input).consequences));
  assert.deepEqual(
    CONSEQUENCE_IDS.filter((c) => !used.has(c)),
    ['consequence.appeal'],
  );
});

test('plans never ask the account state machine for a transition it refuses', () => {
  for (const row of ROWS) {
    const d = decide(row.input);
    let standing: AccountStanding = { ...row.input.account, pendingDeletion: row.input.account.status === 'locked' ? ['c-0'] : [] };
    for (const a of d.plan) {
      const t =
        a.kind === 'suspend_account' ? { name: 'suspend' as const } : a.kind === 'lock_account' ? { name: 'lock' as const, contentIds: a.contentIds } : null;
      if (!t) continue;
      const result = transition(standing, t);
      assert.ok(result.ok, `${row.name}: ${result.ok ? '' : result.reason}`);
      standing = result.standing;
    }
  }
});

test('removal with notice happens only in a lock until deletion, never with a suspension or on known material', () => {
  for (const row of ROWS) {
    const d = decide(row.input);
    const noticed = d.plan.filter((a) => a.kind === 'remove_content' && a.notifyUser);
    if (noticed.length === 0) continue;
    assert.ok(kinds(d).includes('lock_account'), row.name);
    assert.ok(!kinds(d).includes('suspend_account'), row.name);
    assert.ok(!row.input.signals.some((s) => s.signal === 'known-material'), row.name);
  }
});

test('every violation clause: malice means suspension, a first slip means a lock, and NCMEC follows the clause', () => {
  for (const id of VIOLATION_IDS) {
    const malicious = decide(input([], { review: finding({ clauses: [id], malicious: true }) }));
    assert.equal(malicious.rule.id, 'person.malicious', id);
    assert.ok(kinds(malicious).includes('suspend_account') && kinds(malicious).includes('block_identifiers'), id);
    assert.equal(kinds(malicious).includes('file_cybertip'), violation(id).reportToNcmec, id);
    assert.ok(!kinds(malicious).includes('notify_user'), id);

    const slip = decide(input([], { review: finding({ clauses: [id], malicious: false }) }));
    assert.equal(slip.rule.id, 'person.first-not-malicious', id);
    assert.deepEqual(find(slip, 'lock_account')!.contentIds, ['c-1'], id);
    assert.deepEqual(find(slip, 'notify_user')!.clauses, [id]);
    assert.ok(!kinds(slip).includes('suspend_account'), id);

    const again = decide(input([], { review: finding({ clauses: [id], malicious: false }), account: LOCKED }));
    assert.equal(again.rule.id, 'person.further-violation', id);
  }
});

test('every exception: pending without a senior, applied with one, and only over depictions', () => {
  for (const id of EXCEPTION_IDS) {
    for (const clause of ['content.visual-depiction', 'content.illustrated-depiction']) {
      const pending = decide(input([], { review: finding({ clauses: [clause], exception: id }) }));
      assert.equal(pending.outcome, 'pending-senior-confirmation', id);
      assert.deepEqual(kinds(pending), ['open_case']);
      const confirmed = decide(input([], { review: finding({ clauses: [clause], exception: id, senior: SENIOR }) }));
      assert.equal(confirmed.outcome, 'exception', id);
      assert.equal(confirmed.exception, id);
    }
    for (const clause of VIOLATION_IDS.filter((v) => !v.endsWith('depiction'))) {
      assert.throws(() => decide(input([], { review: finding({ clauses: [clause], exception: id, senior: SENIOR }) })), DecisionError, `${id} over ${clause}`);
    }
  }
});

test('an exception is never applied without a person, whatever the signals', () => {
  const signal = fc.oneof(
    fc.record({ verified: fc.boolean(), distance: fc.integer({ min: 0, max: 64 }) }).map((o) => mediaMatch(o)),
    fc.record({ verified: fc.boolean(), hostingCountry: fc.constantFrom('US', 'FR', 'DE') }).map((o) => linkMatch(o)),
    fc.tuple(fc.constantFrom(...VIOLATION_IDS), fc.double({ min: 0, max: 1, noNaN: true })).map(([c, s]) => textSignal(c, s)),
    fc.double({ min: 0, max: 1, noNaN: true }).map(classifierScore),
  );
  fc.assert(
    fc.property(fc.array(signal, { maxLength: 6 }), fc.constantFrom(FRESH, LOCKED, SUSPENDED, WARNED, RESTORED), fc.boolean(), (signals, account, auto) => {
      const d = decide(input(signals, { account, options: { autoActionVerifiedBanks: auto } }));
      assert.equal(d.exception, null);
      assert.ok(d.outcome === 'act' || d.outcome === 'review' || d.outcome === 'none');
      assert.equal(d.automated, true);
    }),
    { numRuns: 300 },
  );
});

test('text-only signals never suspend, lock, remove, block or report: they only open a case', () => {
  const text = fc.tuple(
    fc.constantFrom(...VIOLATION_IDS, null),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.boolean(),
    fc.constantFrom('text', 'conversation'),
  );
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.constantFrom(FRESH, LOCKED, SUSPENDED, WARNED, RESTORED), (items, account) => {
      const signals = items.map(([clause, strength, urgent, source]) => ({ signal: 'text-rule', source, strength, clause, evidence: { urgent } }));
      const d = decide(input(signals, { account }));
      assert.equal(d.outcome, 'review');
      assert.deepEqual(kinds(d), ['open_case']);
      assert.ok(d.priority! >= 0 && d.priority! <= 100);
    }),
    { numRuns: 300 },
  );
});

test('decide is pure: the same input gives the same decision, and the input is not touched', () => {
  for (const row of ROWS) {
    const frozen = structuredClone(row.input);
    deepFreeze(frozen);
    assert.deepEqual(decide(frozen), decide(structuredClone(row.input)));
  }
});

test('a finding that cannot be decided on is refused with a reason', () => {
  const cases: [string, Partial<Parameters<typeof finding>[0]>, RegExp][] = [
    ['unknown clause', { clauses: ['content.made-up'] }, /not a violation or non-violation clause/],
    ['missing intent', { clauses: ['behaviour.grooming'], malicious: null }, /malicious/],
    ['violations and non-violations mixed', { clauses: ['behaviour.grooming', 'non-violation.discussion'] }, /not both/],
    ['unknown exception', { clauses: ['content.visual-depiction'], exception: 'exception.made-up' }, /not an exception clause/],
    ['exception over behaviour', { clauses: ['behaviour.sextortion'], exception: 'exception.news-reporting' }, /covers depictions only/],
    ['exception with nothing to lift', { clauses: [], malicious: null, exception: 'exception.news-reporting' }, /names the clauses/],
    ['senior without an exception', { senior: SENIOR }, /none was applied/],
  ];
  for (const [name, over, reason] of cases) {
    assert.throws(
      () => decide(input([], { review: finding(over) })),
      (err: unknown) => err instanceof DecisionError && reason.test(err.message),
      name,
    );
  }
});

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
