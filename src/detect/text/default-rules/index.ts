// The default rule set: a starting point a team can copy (vigie text scan
// --print-default-rules) and adapt. Non-graphic, English and French, behaviour only; the
// vocabulary families work from the operator's own term lists.
import { RULES_FORMAT, RULES_VERSION, type RulesFile } from '../rules-file.js';
import { CONTEXT_RULES } from './contexts.js';
import { EN_RULES } from './en.js';
import { FR_RULES } from './fr.js';
import { OPERATOR_TERM_LISTS, REFINEMENT_RULES } from './refinements.js';
import { withPurposes } from './purposes.js';

export const DEFAULT_RULES: RulesFile = {
  format: RULES_FORMAT,
  version: RULES_VERSION,
  name: 'vigie default rules',
  description: 'Behavioural grooming and sextortion families in English and French. Text signals are for review only.',
  termLists: { ...OPERATOR_TERM_LISTS },
  conversation: { windowMessages: 50, windowHours: 24 * 14, minorMultiplier: 2, signalThreshold: 0.5, minFamilies: 2 },
  rules: [...withPurposes([...EN_RULES, ...FR_RULES]), ...REFINEMENT_RULES],
  contexts: [...CONTEXT_RULES],
};

export { FAMILY_CLAUSE } from './build.js';
