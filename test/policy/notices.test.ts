import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLAUSE_NOTICES, POLICY_VERSION, VIOLATION_IDS, decide, noticeFor, type Decision, type Lang } from '../../src/policy/index.js';
import { LOCKED, classifierScore, finding, input, linkMatch, mediaMatch, textSignal } from './signals-fixtures.js';

const APPEAL = 'https://platform.example/appeal';
const LANGS: Lang[] = ['fr', 'en'];

function notices(d: Decision, lang: Lang) {
  return d.plan.map((a) => noticeFor(a, { lang, appealUrl: APPEAL })).filter((n) => n !== null);
}

test('every violation clause has its own notice sentence in French and in English', () => {
  assert.deepEqual(Object.keys(CLAUSE_NOTICES).sort(), [...VIOLATION_IDS].sort());
  const seen = new Set<string>();
  for (const id of VIOLATION_IDS) {
    for (const lang of LANGS) {
      const sentence = CLAUSE_NOTICES[id][lang];
      assert.ok(sentence.length > 20, `${id} ${lang}`);
      assert.ok(!seen.has(sentence), `${id} ${lang} repeats another clause`);
      seen.add(sentence);
    }
  }
});

test('a lock until deletion is notified: what was done, the items, the rule and how to appeal, in both languages', () => {
  for (const id of VIOLATION_IDS) {
    const d = decide(input([], { review: finding({ clauses: [id], malicious: false, contentIds: ['c-1', 'c-9'] }) }));
    for (const lang of LANGS) {
      const [notice, ...rest] = notices(d, lang);
      assert.equal(rest.length, 0);
      assert.ok(notice, `${id} ${lang}`);
      assert.equal(notice.kind, 'lock-until-deletion');
      assert.equal(notice.lang, lang);
      assert.equal(notice.policyVersion, POLICY_VERSION);
      assert.deepEqual(notice.clauses, [id]);
      assert.match(notice.subject, lang === 'fr' ? /verrouillé/ : /locked/);
      assert.ok(notice.body.includes('- c-1') && notice.body.includes('- c-9'));
      assert.ok(notice.body.includes(CLAUSE_NOTICES[id][lang]));
      assert.ok(notice.body.includes(APPEAL));
      assert.match(notice.body, lang === 'fr' ? /se lève de lui-même/ : /lifts by itself/);
    }
  }
});

test('the French and English notices say the same things in their own language', () => {
  const d = decide(input([], { review: finding() }));
  const [fr] = notices(d, 'fr');
  const [en] = notices(d, 'en');
  assert.ok(fr && en);
  assert.notEqual(fr.body, en.body);
  assert.equal(fr.body.split('\n').length, en.body.split('\n').length);
  assert.match(fr.body, /faire appel/);
  assert.match(en.body, /appeal/);
});

test('a violation on items already deleted is recorded with a notice that asks for nothing', () => {
  const d = decide(input([], { review: finding(), subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'deleted' } }));
  const [notice] = notices(d, 'en');
  assert.ok(notice);
  assert.equal(notice.kind, 'violation-recorded');
  assert.match(notice.body, /nothing more for you to do/);
  assert.match(notice.body, /permanent suspension/);
});

test('known material is removed without notice: a verified-bank decision produces no notice at all', () => {
  for (const signals of [[mediaMatch()], [mediaMatch({ hashType: 'sha256' })], [linkMatch({ verified: true, hostingCountry: 'FR' })]]) {
    const d = decide(input(signals));
    assert.equal(d.outcome, 'act');
    for (const lang of LANGS) assert.deepEqual(notices(d, lang), []);
  }
});

test('suspensions, reports, referrals and cases are never notified', () => {
  const decisions = [
    decide(input([], { review: finding({ clauses: ['content.link-to-material'], malicious: true, hosting: [{ url: 'https://a.example/', country: 'DE' }] }) })),
    decide(input([], { review: finding(), account: LOCKED })),
    decide(input([mediaMatch({ verified: false })])),
    decide(input([textSignal('behaviour.sextortion', 0.9)])),
    decide(input([classifierScore(0.9)])),
  ];
  for (const d of decisions) for (const lang of LANGS) assert.deepEqual(notices(d, lang), [], d.rule.id);
});

test('a notice never says how the items were found', () => {
  const d = decide(input([mediaMatch({ verified: false })], { review: finding({ clauses: ['content.visual-depiction'] }) }));
  for (const lang of LANGS) {
    const [notice] = notices(d, lang);
    assert.ok(notice);
    assert.doesNotMatch(notice.body, /bank|hash|banque|empreinte|placeholder-label|test-bank/i);
  }
});
