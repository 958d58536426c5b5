import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONVERSATION_SETTINGS } from '../../../src/detect/text/compile.js';
import {
  conversationKey,
  conversationRisk,
  emptyConversation,
  foldConversation,
  isConversationState,
  type ConversationState,
} from '../../../src/detect/text/conversation.js';

const settings = DEFAULT_CONVERSATION_SETTINGS;
const entry = (families: Record<string, number>, extra: Partial<{ from: string; at: number; recipientIsMinor: boolean }> = {}) => ({
  from: 'adult',
  recipientIsMinor: false,
  families,
  ...extra,
});

function foldAll(entries: ReturnType<typeof entry>[], s = settings): ConversationState {
  return entries.reduce((state, e) => foldConversation(state, e, s), emptyConversation('c1'));
}

describe('conversation state', () => {
  test('the key is the platform conversation, else the pair of accounts in either direction', () => {
    assert.equal(conversationKey({ conversation: 'x', from: 'a', to: 'b' }), 'x');
    assert.equal(conversationKey({ from: 'b', to: 'a' }), conversationKey({ from: 'a', to: 'b' }));
    assert.equal(conversationKey({ from: 'a' }), undefined);
  });

  test('risk rises as distinct families accumulate, whatever their order', () => {
    const one = conversationRisk(foldAll([entry({ 'age-probing': 0.35 })]), 'adult', settings).risk;
    const two = conversationRisk(foldAll([entry({ 'age-probing': 0.35 }), entry({ secrecy: 0.45 })]), 'adult', settings).risk;
    const three = conversationRisk(
      foldAll([entry({ 'age-probing': 0.35 }), entry({ secrecy: 0.45 }), entry({ 'image-request': 0.45 })]),
      'adult',
      settings,
    ).risk;
    const shuffled = conversationRisk(
      foldAll([entry({ 'image-request': 0.45 }), entry({ 'age-probing': 0.35 }), entry({ secrecy: 0.45 })]),
      'adult',
      settings,
    ).risk;
    assert.ok(one < two && two < three, `${one} < ${two} < ${three}`);
    assert.equal(shuffled, three);
  });

  test('repeating one family does not add up', () => {
    const once = conversationRisk(foldAll([entry({ secrecy: 0.45 })]), 'adult', settings).risk;
    const thrice = conversationRisk(foldAll([entry({ secrecy: 0.45 }), entry({ secrecy: 0.45 }), entry({ secrecy: 0.3 })]), 'adult', settings).risk;
    assert.equal(thrice, once);
  });

  test('risk rises faster toward a minor', () => {
    const adult = conversationRisk(foldAll([entry({ 'age-probing': 0.35 }), entry({ secrecy: 0.45 })]), 'adult', settings);
    const minor = conversationRisk(foldAll([entry({ 'age-probing': 0.35 }, { recipientIsMinor: true }), entry({ secrecy: 0.45 })]), 'adult', settings);
    assert.ok(minor.risk > adult.risk);
    assert.equal(minor.minorRecipient, true);
  });

  test('each sender is judged on what they wrote', () => {
    const state = foldAll([entry({ secrecy: 0.45 }), entry({}, { from: 'child' }), entry({ 'age-probing': 0.35 })]);
    assert.equal(conversationRisk(state, 'child', settings).risk, 0);
    assert.deepEqual(Object.keys(conversationRisk(state, 'adult', settings).families).sort(), ['age-probing', 'secrecy']);
  });

  test('the window is bounded by message count and by age (times passed in)', () => {
    const small = { ...settings, windowMessages: 3 };
    const byCount = foldAll([entry({ secrecy: 0.45 }), entry({}), entry({}), entry({})], small);
    assert.equal(byCount.window.length, 3);
    assert.equal(byCount.total, 4);
    assert.equal(conversationRisk(byCount, 'adult', small).risk, 0);

    const hour = 3_600_000;
    const byAge = foldAll([entry({ secrecy: 0.45 }, { at: 0 }), entry({ 'age-probing': 0.35 }, { at: 15 * 24 * hour })]);
    assert.deepEqual(Object.keys(conversationRisk(byAge, 'adult', settings).families), ['age-probing']);
  });

  test('the state is plain JSON and can be stored and read back', () => {
    const state = foldAll([entry({ secrecy: 0.45 }, { at: 1000 })]);
    const back: unknown = JSON.parse(JSON.stringify(state));
    assert.ok(isConversationState(back));
    assert.deepEqual(back, state);
    assert.equal(isConversationState({ version: 2 }), false);
  });
});
