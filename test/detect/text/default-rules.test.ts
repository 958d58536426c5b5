import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules, createTextEngine, DEFAULT_FAMILIES, DEFAULT_RULES, parseRulesFile } from '../../../src/detect/text/index.js';

describe('default rule set', () => {
  test('validates as a rules file, as JSON too, and compiles without errors', () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_RULES));
    assert.deepEqual(parseRulesFile(json), json);
    const rules = compileRules(json);
    assert.ok(rules.termCount > 500);
  });

  test('covers every default family in English and in French', () => {
    for (const family of DEFAULT_FAMILIES) {
      for (const lang of ['en', 'fr']) {
        assert.ok(
          DEFAULT_RULES.rules.some((r) => r.family === family && r.lang?.includes(lang)),
          `no ${lang} rule for ${family}`,
        );
      }
    }
  });

  test('ships no vocabulary: operator term lists are declared, optional and empty', () => {
    for (const [name, decl] of Object.entries(DEFAULT_RULES.termLists ?? {})) {
      assert.ok(name.startsWith('operator.'));
      assert.equal(decl.optional, true);
      assert.equal(decl.terms, undefined);
    }
  });

  test('finds each family in a message written for this test', () => {
    const engine = createTextEngine({ rules: compileRules(DEFAULT_RULES) });
    const cases: [string, string][] = [
      ['age-probing', 'btw how old are u'],
      ['risk-assessment', 'does your mum read your messages?'],
      ['secrecy', 'dont tell your mom about us'],
      ['isolation', 'tes parents ne te méritent pas'],
      ['platform-migration', "c'est quoi ton snap ?"],
      ['image-request', 'montre-moi une photo de toi'],
      ['meeting', 'je passe te prendre demain'],
      ['gift-offer', 'je peux te donner des vbucks'],
      ['sextortion-threat', 'j’ai tes photos'],
      ['payment-demand', 'envoie 50 euros sur paypal'],
    ];
    for (const [family, text] of cases) {
      const found = engine.evaluate({ text }).signals.map((s) => s.family);
      assert.ok(found.includes(family), `${JSON.stringify(text)} gave ${found.join(', ') || 'nothing'}, expected ${family}`);
    }
  });
});
