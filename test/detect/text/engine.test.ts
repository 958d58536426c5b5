import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UrlBank } from '../../../src/detect/links/bank.js';
import {
  compileRules,
  createTextEngine,
  DEFAULT_RULES,
  MessageError,
  type ConversationState,
  type Evaluation,
  type TextMessage,
} from '../../../src/detect/text/index.js';

const engine = createTextEngine({ rules: compileRules(DEFAULT_RULES) });
const families = (e: Evaluation) =>
  e.signals
    .filter((s) => s.source === 'text')
    .map((s) => s.family)
    .sort();

describe('text engine with the default rules', () => {
  test('signals carry family, clause, strength, rules and evidence in the original text', () => {
    const text = 'Hey, H0W  OLD are you?';
    const e = engine.evaluate({ id: 'm1', text });
    assert.equal(e.id, 'm1');
    const [s] = e.signals;
    assert.ok(s && s.source === 'text');
    assert.equal(s.family, 'age-probing');
    assert.equal(s.clause, 'behaviour.grooming');
    assert.equal(s.disposition, 'review-only');
    assert.deepEqual(
      s.evidence.map((ev) => text.slice(ev.start, ev.end)),
      ['H0W  OLD', 'are you'],
    );
    assert.equal(e.review.disposition, 'review-only');
    assert.equal(e.review.priority, s.strength);
  });

  test('news, prevention and help-seeking contexts lower strength; they never raise it', () => {
    const plain = engine.evaluate({ text: 'keep it a secret, delete our chat' });
    const news = engine.evaluate({ text: 'The court heard he told children to keep it a secret and delete our chat.' });
    const help = engine.evaluate({ text: "I'm scared, someone is threatening me and says they will send your pictures to everyone, what should I do" });
    const plainStrength = plain.signals.find((s) => s.family === 'secrecy')!.strength;
    const newsSignal = news.signals.find((s) => s.family === 'secrecy');
    assert.ok(newsSignal && newsSignal.strength < plainStrength);
    assert.deepEqual(
      news.contexts.map((c) => c.context),
      ['news'],
    );
    assert.ok(news.dampening < 1);
    assert.equal(
      help.contexts.some((c) => c.context === 'help-seeking'),
      true,
    );
    assert.ok(help.review.priority < 0.3);
    assert.equal(help.review.urgent, false);
  });

  test('toward a minor, contexts are reported but lower nothing', () => {
    const e = engine.evaluate({ text: 'As a parent I say: our little secret, ok?', recipientIsMinor: true });
    assert.equal(e.contexts[0]?.context, 'parenting');
    assert.equal(e.dampening, 1);
  });

  test('sextortion families make a case urgent', () => {
    const e = engine.evaluate({ text: "pay me 300 or I'll send your pictures to all your friends" });
    assert.deepEqual(families(e), ['payment-demand', 'sextortion-threat']);
    assert.equal(e.review.urgent, true);
    assert.ok(e.signals.every((s) => s.source !== 'text' || s.clause === 'behaviour.sextortion'));
  });

  test('metadata raises strength: an image request to a minor', () => {
    const adult = engine.evaluate({ text: 'send me a pic of you' });
    const minor = engine.evaluate({ text: 'send me a pic of you', recipientIsMinor: true });
    assert.ok(minor.review.priority > adult.review.priority);
  });

  test('a conversation accumulates families and emits a conversation signal', () => {
    const messages: TextMessage[] = [
      { text: 'hey how old are you?', from: 'a', to: 'k', at: '2026-01-01T20:00:00Z', recipientIsMinor: true },
      { text: '14', from: 'k', to: 'a', at: '2026-01-01T20:01:00Z' },
      { text: 'do your parents check your phone?', from: 'a', to: 'k', at: '2026-01-01T20:02:00Z', recipientIsMinor: true },
      { text: 'add me on snap, this stays between us', from: 'a', to: 'k', at: '2026-01-01T20:03:00Z', recipientIsMinor: true },
      { text: 'send me a pic of you', from: 'a', to: 'k', at: '2026-01-01T20:04:00Z', recipientIsMinor: true },
    ];
    let state: ConversationState | undefined;
    const risks: number[] = [];
    let last: Evaluation | undefined;
    for (const m of messages) {
      last = engine.evaluate(m, state);
      state = last.state;
      if (m.from === 'a') risks.push(last.conversation!.risk);
    }
    assert.ok(
      risks.every((r, i) => i === 0 || r >= risks[i - 1]!),
      `risk never falls: ${risks}`,
    );
    const conv = last!.signals.find((s) => s.source === 'conversation');
    assert.ok(conv && conv.source === 'conversation');
    assert.equal(conv.clause, 'behaviour.grooming');
    assert.equal(conv.minorRecipient, true);
    assert.ok(conv.strength > 0.9);
    // the image request after secrecy and a move to another app is stronger than alone
    const imageSignal = last!.signals.find((s) => s.family === 'image-request');
    assert.ok(imageSignal && imageSignal.source === 'text' && imageSignal.rules.includes('conv.image-request.after-trust'));
    assert.equal(state!.window.length, 5);
  });

  test('a public post has no conversation state', () => {
    const e = engine.evaluate({ text: 'how old are you' });
    assert.equal(e.state, undefined);
    assert.equal(e.conversation, undefined);
  });

  test('link bank matches are link signals, not text signals, and are not dampened', () => {
    const { bank } = UrlBank.fromList('test-bank', 'listed.example.com/dir/', 'plain', 'unit test');
    const withBank = createTextEngine({ rules: compileRules(DEFAULT_RULES), banks: [bank] });
    const e = withBank.evaluate({ text: 'News: police said see listed[.]example[.]com/dir/page for details' });
    const link = e.signals.find((s) => s.source === 'link');
    assert.ok(link && link.source === 'link');
    assert.equal(link.clause, 'content.link-to-material');
    assert.equal(link.disposition, 'bank-match');
    assert.equal(link.evidence[0]?.text, 'listed[.]example[.]com/dir/page');
    assert.equal(e.links[0]?.url, 'http://listed.example.com/dir/page');
  });

  test('linkSignals reads only URL-bank matches; without banks it finds nothing', () => {
    const { bank } = UrlBank.fromList('test-bank', 'listed.example.com/dir/', 'plain', 'unit test');
    const withBank = createTextEngine({ rules: compileRules(DEFAULT_RULES), banks: [bank] });
    const signals = withBank.linkSignals('https://other.example.org/x\nhttps://listed.example.com/dir/page');
    assert.deepEqual(
      signals.map((s) => [s.bank, s.url]),
      [['test-bank', 'https://listed.example.com/dir/page']],
    );
    // Text rules do not run on listed links: a link that reads like age probing is not text.
    assert.deepEqual(withBank.linkSignals('https://example.org/how-old-are-you'), []);
    assert.deepEqual(engine.linkSignals('https://listed.example.com/dir/page'), []);
  });

  test('reportLinks false skips listing links but keeps bank matches and text signals', () => {
    const text = 'how old are you? see https://listed.example.com/dir/page';
    const quiet = createTextEngine({ rules: compileRules(DEFAULT_RULES), reportLinks: false });
    const full = createTextEngine({ rules: compileRules(DEFAULT_RULES) });
    assert.deepEqual(quiet.evaluate({ text }).links, []);
    assert.equal(full.evaluate({ text }).links.length, 1);
    assert.deepEqual(quiet.evaluate({ text }).signals, full.evaluate({ text }).signals);
    const { bank } = UrlBank.fromList('test-bank', 'listed.example.com/dir/', 'plain', 'unit test');
    const banked = createTextEngine({ rules: compileRules(DEFAULT_RULES), banks: [bank], reportLinks: false }).evaluate({ text });
    assert.ok(banked.signals.some((s) => s.source === 'link'));
  });

  test('bad input gets a clear error', () => {
    assert.throws(() => engine.evaluate({ text: 'x', at: 'yesterday-ish' }), MessageError);
    assert.throws(() => engine.evaluate({ text: 42 as unknown as string }), /"text" must be a string/);
    const state = engine.evaluate({ text: 'hi', from: 'a', to: 'b' }).state!;
    assert.throws(() => engine.evaluate({ text: 'hi', from: 'a', to: 'c' }, state), /conversation state is for/);
  });

  test('very long texts are cut for matching and flagged for review', () => {
    const e = createTextEngine({ rules: compileRules(DEFAULT_RULES), maxChars: 100 }).evaluate({ text: 'a '.repeat(200) + 'how old are you' });
    assert.equal(e.truncated, true);
    assert.equal(e.signals.length, 0);
  });
});
