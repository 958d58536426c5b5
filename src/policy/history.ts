// What the policy needs to know about an account's past to choose a consequence, and the
// one rule that turns that past into lock or suspension. The account state machine
// (enforcement/account-states.ts) uses the same rule, so the two cannot disagree.

/** The states the policy's consequences put an account in. */
export const ACCOUNT_STATUSES = ['active', 'locked', 'suspended', 'restored'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface AccountHistory {
  readonly status: AccountStatus;
  /** Violations already held against the account (a successful appeal takes one back). */
  readonly violations: number;
}

export type AccountConsequence =
  /** Malicious intent, or a further violation: permanent suspension. */
  | { readonly kind: 'suspend'; readonly because: 'malicious' | 'further-violation' }
  /** A first violation without malicious intent: lock until deletion. */
  | { readonly kind: 'lock' }
  /** Nothing more can be done to the account itself. */
  | { readonly kind: 'already-suspended' };

export function accountConsequence(history: AccountHistory, malicious: boolean): AccountConsequence {
  if (history.status === 'suspended') return { kind: 'already-suspended' };
  if (malicious) return { kind: 'suspend', because: 'malicious' };
  if (history.status === 'locked' || history.violations > 0) return { kind: 'suspend', because: 'further-violation' };
  return { kind: 'lock' };
}
