// Small helpers to write the default rules as data. The result is the plain JSON shape of
// a rules file (see rules-file.ts), so `vigie text scan --print-default-rules` can hand it
// to an operator as a starting point.
import type { ClauseId } from '../clauses.js';
import type { Condition, ContextRule, SignalRule } from '../rules-file.js';
import type { Context } from '../families.js';

/** The clause each default family refers to. */
export const FAMILY_CLAUSE: Record<string, ClauseId> = {
  'age-probing': 'behaviour.grooming',
  'risk-assessment': 'behaviour.grooming',
  secrecy: 'behaviour.grooming',
  isolation: 'behaviour.grooming',
  'platform-migration': 'behaviour.grooming',
  'image-request': 'behaviour.grooming',
  meeting: 'behaviour.grooming',
  'gift-offer': 'behaviour.grooming',
  escalation: 'behaviour.grooming',
  'mass-outreach': 'behaviour.grooming',
  'sextortion-threat': 'behaviour.sextortion',
  'payment-demand': 'behaviour.sextortion',
  solicitation: 'behaviour.obtain-material',
  'commercial-exploitation': 'behaviour.commercial-exploitation',
  'explicit-conversation': 'behaviour.explicit-conversation',
  'sexualised-comment': 'content.sexualised-comment-minor',
  'normalise-attraction': 'behaviour.normalise-attraction',
  'encourage-cse': 'behaviour.encourage-cse',
  'identify-victim': 'behaviour.identify-victim',
};

export function rule(id: string, family: string, strength: number, when: Condition, lang?: 'en' | 'fr', description?: string): SignalRule {
  const clause = FAMILY_CLAUSE[family];
  if (!clause) throw new Error(`no clause for family ${family}`);
  return { id, family, clause, strength, ...(lang ? { lang: [lang] } : {}), ...(description ? { description } : {}), when };
}

export function context(id: string, ctx: Context, factor: number, when: Condition, lang?: 'en' | 'fr'): ContextRule {
  return { id, context: ctx, factor, ...(lang ? { lang: [lang] } : {}), when };
}

export const phrases = (...p: string[]): Condition => ({ phrases: p });

export const near = (a: Condition | string[], b: Condition | string[], within: number, ordered = true): Condition => ({
  near: [Array.isArray(a) ? { phrases: a } : a, Array.isArray(b) ? { phrases: b } : b],
  within,
  ...(ordered ? { ordered: true } : {}),
});

export const any = (...c: Condition[]): Condition => ({ any: c });
export const all = (...c: Condition[]): Condition => ({ all: c });
