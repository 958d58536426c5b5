// What a block registry match means: the answer to a signup check, and the signals that
// link a new account to a suspended one. Pure: the registry (services/block-registry/block-registry.ts)
// finds the matches; the edges write the events.
import type { Actor, NewEvent } from '../moderation/events.js';
import type { IdentifierKind, IdentifierStrength } from './identifiers.js';

export type SignupDecision = 'allow' | 'deny' | 'review';

export interface RegistryMatch {
  kind: IdentifierKind;
  strength: IdentifierStrength;
  /** The suspended account the entry came from. */
  accountId: string;
}

export const BAN_EVASION_SIGNAL = 'ban-evasion';
export const BAN_EVASION_SOURCE = 'block-registry';
/** The policy clause the registry enforces (src/policy/consequences.ts). */
export const BAN_EVASION_CLAUSE = 'consequence.no-new-accounts';

/** Signal strengths on the log's 0..1 scale: a shared address alone is only a hint. */
const STRENGTH: Record<IdentifierStrength, number> = { strong: 1, weak: 0.3 };

/**
 * Deny on any strong match: an email, phone, device or payment id is the person's own.
 * Review on weak matches only: an address (or an unparseable phone) is shared by households,
 * offices and carrier NAT, so a person decides.
 */
export function decideSignup(matches: readonly RegistryMatch[]): SignupDecision {
  if (matches.length === 0) return 'allow';
  return matches.some((m) => m.strength === 'strong') ? 'deny' : 'review';
}

function byAccount(matches: readonly RegistryMatch[]): Map<string, RegistryMatch[]> {
  const out = new Map<string, RegistryMatch[]>();
  for (const m of matches) {
    const list = out.get(m.accountId);
    if (list) list.push(m);
    else out.set(m.accountId, [m]);
  }
  return out;
}

function kindsOf(matches: readonly RegistryMatch[]): string[] {
  return [...new Set(matches.map((m) => m.kind))].sort();
}

/** One signal on each suspended account that a signup check matched. Names kinds, never values. */
export function signalsOnSuspendedAccounts(matches: readonly RegistryMatch[], context: { newAccountId: string | null; actor: Actor; at: string }): NewEvent[] {
  const events: NewEvent[] = [];
  for (const [accountId, own] of byAccount(matches)) {
    const decision = decideSignup(own);
    events.push({
      type: 'signal.recorded',
      subject: { kind: 'account', id: accountId },
      actor: context.actor,
      at: context.at,
      reason: 'identifiers of this suspended account were used at a signup',
      payload: {
        signal: BAN_EVASION_SIGNAL,
        source: BAN_EVASION_SOURCE,
        strength: STRENGTH[decision === 'deny' ? 'strong' : 'weak'],
        clause: BAN_EVASION_CLAUSE,
        evidence: { via: 'signup-check', kinds: kindsOf(own), decision, newAccountId: context.newAccountId },
      },
    });
  }
  return events;
}

/** One signal on an account whose registered identifiers match suspended accounts (its own entries excluded). */
export function signalOnNewAccount(accountId: string, matches: readonly RegistryMatch[], context: { actor: Actor; at: string }): NewEvent[] {
  const others = matches.filter((m) => m.accountId !== accountId);
  if (others.length === 0) return [];
  const decision = decideSignup(others);
  return [
    {
      type: 'signal.recorded',
      subject: { kind: 'account', id: accountId },
      actor: context.actor,
      at: context.at,
      reason: 'identifiers of this account belong to a suspended account',
      payload: {
        signal: BAN_EVASION_SIGNAL,
        source: BAN_EVASION_SOURCE,
        strength: STRENGTH[decision === 'deny' ? 'strong' : 'weak'],
        clause: BAN_EVASION_CLAUSE,
        evidence: { via: 'account-identifiers', kinds: kindsOf(others), decision, suspendedAccountIds: [...byAccount(others).keys()].sort() },
      },
    },
  ];
}
