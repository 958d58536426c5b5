// Signal families (signals.md §2) and the contexts that lower a text signal's strength.
// Grooming shows as families that accumulate over a conversation, in any order.

/** Families the default rule set covers. Operator rules may add their own. */
export const DEFAULT_FAMILIES = [
  'age-probing',
  'risk-assessment',
  'secrecy',
  'isolation',
  'platform-migration',
  'image-request',
  'meeting',
  'gift-offer',
  'sextortion-threat',
  'payment-demand',
] as const;

/** Families for vocabulary that only operator term lists supply (nothing is shipped). */
export const TERM_LIST_FAMILIES = ['solicitation', 'commercial-exploitation', 'explicit-conversation', 'normalise-attraction', 'encourage-cse'] as const;

export type DefaultFamily = (typeof DEFAULT_FAMILIES)[number];

/** Families whose presence makes a case urgent (self-harm risk, signals.md §2). */
export const URGENT_FAMILIES: readonly string[] = ['sextortion-threat', 'payment-demand'];

/**
 * Contexts in which the same words are not a violation: news, advocacy, prevention,
 * parenting advice and help-seeking. They lower strength; they never decide.
 */
export const CONTEXTS = ['news', 'advocacy', 'prevention', 'parenting', 'help-seeking'] as const;

export type Context = (typeof CONTEXTS)[number];
