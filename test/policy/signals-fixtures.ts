// Signals in the shapes ingest records them, for the decision tests. Banks, labels and
// texts are placeholders: nothing here describes or stands for real material.
import type { AccountHistory, DecisionInput, ReviewerFinding, SignalInput } from '../../src/policy/index.js';

export function mediaMatch(over: { verified?: unknown; hashType?: string; distance?: number | null; bank?: string } = {}): SignalInput {
  const hashType = over.hashType ?? 'pdq';
  const distance = over.distance === undefined ? (hashType === 'pdq' ? 4 : 0) : over.distance;
  return {
    signal: 'known-material',
    source: `bank:${over.bank ?? 'test-bank'}`,
    strength: distance === null ? 1 : Number((1 - distance / 256).toFixed(4)),
    clause: 'content.visual-depiction',
    evidence: {
      mediaId: 'm-1',
      bankName: over.bank ?? 'test-bank',
      verified: 'verified' in over ? (over.verified as never) : true,
      hashType,
      label: 'placeholder-label',
      ...(distance === null ? {} : { distance }),
    },
  };
}

export function linkMatch(over: { verified?: boolean; hostingCountry?: string } = {}): SignalInput {
  return {
    signal: 'link-bank',
    source: 'link',
    strength: 1,
    clause: 'content.link-to-material',
    evidence: {
      bank: 'test-urls',
      url: 'https://listed.example/page',
      verified: over.verified ?? false,
      ...(over.hostingCountry ? { hostingCountry: over.hostingCountry } : {}),
    },
  };
}

export function textSignal(clause: string, strength: number, urgent = false): SignalInput {
  return { signal: 'text-rule', source: 'text', strength, clause, evidence: { family: 'placeholder', urgent } };
}

export function classifierScore(strength: number): SignalInput {
  return { signal: 'classifier', source: 'classifier:test', strength, clause: null, evidence: {} };
}

export const FRESH: AccountHistory = { status: 'active', violations: 0 };
export const LOCKED: AccountHistory = { status: 'locked', violations: 1 };
export const SUSPENDED: AccountHistory = { status: 'suspended', violations: 1 };
export const WARNED: AccountHistory = { status: 'active', violations: 1 };
export const RESTORED: AccountHistory = { status: 'restored', violations: 0 };

export function input(signals: SignalInput[], extra: Partial<DecisionInput> = {}): DecisionInput {
  return { subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'active' }, signals, account: FRESH, ...extra };
}

export function finding(over: Partial<ReviewerFinding> = {}): ReviewerFinding {
  return { reviewerId: 'rev-1', clauses: ['content.sexualised-comment-minor'], malicious: false, ...over };
}

export const SENIOR = { reviewerId: 'lead-1', mayConfirmExceptions: true, confirmed: true } as const;
