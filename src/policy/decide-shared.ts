// Pieces both decision paths share: assembling the decision value, and the referrals and
// restorations that do not depend on who decided.
import { POLICY_VERSION } from './policy.js';
import type { ConsequenceId } from './consequences.js';
import type { Decision, DecisionSubject } from './decision.js';
import type { PlannedAction } from './plan.js';
import type { BankMatch, PolicySignal } from './signals.js';

/** decide() fills materialNature in once, for both paths. */
export function makeDecision(parts: Omit<Decision, 'policyVersion' | 'consequences' | 'materialNature'>): Decision {
  const consequences: ConsequenceId[] = [];
  for (const a of parts.plan) if (a.consequence !== null && !consequences.includes(a.consequence)) consequences.push(a.consequence);
  return { policyVersion: POLICY_VERSION, consequences, materialNature: [], ...parts };
}

export function isBankMatch(s: PolicySignal): s is BankMatch {
  return s.type === 'bank-match';
}

/** The subject's content matched a bank of known material (verified or not). */
export function isKnownMaterial(signals: readonly PolicySignal[]): boolean {
  return signals.some((s) => s.type === 'bank-match' && s.target === 'media');
}

/**
 * Material hosted outside the United States goes to the hosting country's INHOPE hotline,
 * by address only. Without a country nobody knows where to refer it yet: legal traces it.
 */
export function inhopeReferrals(pages: readonly { url: string | null; country: string | null }[]): PlannedAction[] {
  const seen = new Set<string>();
  const out: PlannedAction[] = [];
  for (const p of pages) {
    if (p.url === null || p.country === null) continue;
    const country = p.country.toUpperCase();
    if (country === 'US' || seen.has(p.url)) continue;
    seen.add(p.url);
    out.push({ kind: 'refer_inhope', url: p.url, country, consequence: 'consequence.refer-inhope' });
  }
  return out;
}

/** Content taken down while a person looked is put back when they find nothing wrong. */
export function restoreIfRemoved(subject: DecisionSubject): PlannedAction[] {
  return subject.contentId !== null && subject.contentStatus === 'removed'
    ? [{ kind: 'restore_content', contentId: subject.contentId, consequence: null }]
    : [];
}

export function caseSubject(subject: DecisionSubject): { kind: 'content' | 'account'; id: string } {
  return subject.contentId !== null ? { kind: 'content', id: subject.contentId } : { kind: 'account', id: subject.accountId };
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
