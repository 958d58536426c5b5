import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BEHAVIOUR_VIOLATION_IDS,
  CLAUSES,
  CLAUSE_IDS,
  CONSEQUENCE_IDS,
  CONTENT_VIOLATION_IDS,
  EXCEPTION_IDS,
  NON_VIOLATION_IDS,
  POLICY_VERSION,
  RULES,
  RULE_IDS,
  SCOPE_IDS,
  clause,
  isExceptionId,
  isNonViolationId,
  isViolationId,
} from '../../src/policy/index.js';
import { CLAUSE_IDS as TEXT_CLAUSE_IDS } from '../../src/detect/text/clauses.js';
import { KNOWN_MATERIAL_CLAUSE } from '../../src/services/ingest/media-signals.js';
import { ACTION_KINDS } from '../../src/moderation/events.js';

// Ids other parts of vigie already use; they must keep existing with these exact strings.
const IDS_IN_USE = [
  'content.visual-depiction',
  'content.sexualised-comment-minor',
  'content.link-to-material',
  'behaviour.obtain-material',
  'behaviour.commercial-exploitation',
  'behaviour.explicit-conversation',
  'behaviour.sextortion',
  'behaviour.grooming',
  'behaviour.encourage-cse',
  'behaviour.identify-victim',
  'behaviour.normalise-attraction',
];

test('the ids already in use elsewhere are violation clauses', () => {
  for (const id of IDS_IN_USE) assert.ok(isViolationId(id), id);
});

test('every clause id the text detectors emit is a violation clause of the policy', () => {
  for (const id of TEXT_CLAUSE_IDS) assert.ok(isViolationId(id), id);
});

test('bank matches point to a violation clause', () => {
  assert.ok(isViolationId(KNOWN_MATERIAL_CLAUSE));
});

test('the policy holds scope, violations, non-violations, exceptions and consequences from DESIGN.md', () => {
  assert.deepEqual([...SCOPE_IDS], ['scope.minor', 'scope.formats', 'scope.intent']);
  assert.deepEqual(
    [...CONTENT_VIOLATION_IDS],
    ['content.visual-depiction', 'content.illustrated-depiction', 'content.sexualised-comment-minor', 'content.link-to-material'],
  );
  assert.ok(BEHAVIOUR_VIOLATION_IDS.includes('behaviour.explicit-media-to-minor'));
  assert.equal(BEHAVIOUR_VIOLATION_IDS.length, 9);
  assert.deepEqual([...NON_VIOLATION_IDS], ['non-violation.discussion', 'non-violation.seeking-help', 'non-violation.advocacy']);
  assert.deepEqual([...EXCEPTION_IDS], ['exception.renowned-art', 'exception.news-reporting', 'exception.scientific-educational']);
  assert.deepEqual(
    [...CONSEQUENCE_IDS],
    [
      'consequence.remove-without-notice',
      'consequence.permanent-suspension',
      'consequence.no-new-accounts',
      'consequence.report-ncmec',
      'consequence.refer-inhope',
      'consequence.lock-until-deletion',
      'consequence.suspend-after-lock',
      'consequence.appeal',
    ],
  );
});

test('ids are unique, follow kind.name, and each kind is recognised as itself only', () => {
  assert.equal(new Set(CLAUSE_IDS).size, CLAUSE_IDS.length);
  assert.equal(CLAUSES.length, CLAUSE_IDS.length);
  for (const c of CLAUSES) {
    assert.match(c.id, /^[a-z-]+\.[a-z0-9-]+$/, c.id);
    assert.equal(clause(c.id), c);
    assert.equal(isViolationId(c.id), c.kind === 'violation', c.id);
    assert.equal(isNonViolationId(c.id), c.kind === 'non-violation', c.id);
    assert.equal(isExceptionId(c.id), c.kind === 'exception', c.id);
  }
  assert.equal(clause('content.no-such-clause'), undefined);
});

test('every clause has a title and summary in French and in English, and they differ', () => {
  for (const c of CLAUSES) {
    for (const text of [c.title, c.summary]) {
      assert.ok(text.fr.trim().length > 0 && text.en.trim().length > 0, c.id);
    }
    assert.notEqual(c.summary.fr, c.summary.en, c.id);
    assert.ok(c.summary.en.length < 400 && c.summary.fr.length < 450, `${c.id}: summaries stay short`);
  }
});

test('the scope says under 18, every format, and intent irrelevant for material', () => {
  assert.match(clause('scope.minor')!.summary.en, /under 18/);
  assert.match(clause('scope.minor')!.summary.fr, /moins de 18 ans/);
  const formats = clause('scope.formats')!.summary.en;
  for (const word of ['photos', 'videos', 'text', 'drawings', 'computer']) assert.ok(formats.includes(word), word);
  assert.match(clause('scope.intent')!.summary.en, /Viewing, sharing or linking/);
});

test('material clauses are the depictions and links, and all of them are reported to NCMEC', () => {
  const material = CLAUSES.filter((c) => c.kind === 'violation' && c.material).map((c) => c.id);
  assert.deepEqual(material, ['content.visual-depiction', 'content.illustrated-depiction', 'content.link-to-material']);
  for (const c of CLAUSES) if (c.kind === 'violation' && c.material) assert.equal(c.reportToNcmec, true, c.id);
});

test('exceptions cover depictions only, never behaviour', () => {
  for (const c of CLAUSES) {
    if (c.kind !== 'exception') continue;
    assert.ok(c.covers.length > 0, c.id);
    for (const v of c.covers) {
      assert.ok(isViolationId(v), v);
      assert.ok(v.startsWith('content.') && v.endsWith('depiction'), `${c.id} covers ${v}`);
    }
  }
});

test('every consequence names action kinds the moderation log knows', () => {
  for (const c of CLAUSES) {
    if (c.kind !== 'consequence') continue;
    assert.ok(c.actions.length > 0, c.id);
    for (const a of c.actions) assert.ok((ACTION_KINDS as readonly string[]).includes(a), `${c.id}: ${a}`);
  }
});

test('decision rules read in both languages', () => {
  assert.equal(new Set(RULE_IDS).size, RULE_IDS.length);
  for (const id of RULE_IDS) {
    assert.ok(RULES[id].en.length > 0 && RULES[id].fr.length > 0, id);
    assert.notEqual(RULES[id].en, RULES[id].fr, id);
  }
});

test('the policy is versioned', () => {
  assert.match(POLICY_VERSION, /^\d+\.\d+\.\d+$/);
});
