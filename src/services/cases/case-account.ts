// The account behind a case (the author, for a post or a conversation's first message): its
// standing, its earlier decided cases, its locks, and the accounts the block registry links
// it to (suspended accounts that share an identifier with it, and ban-evasion signals).
// Identifier values never leave this function: only their kinds.
import type { Tx } from '../../store/transaction.js';
import { decidedCasesOfAccount, contentRows } from '../../store/case-console.js';
import { accountState, accountStates } from '../../store/subject-states.js';
import { eventsOf } from '../../store/log-store.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { externalId, platformOf } from '../../moderation/platform-ids.js';
import { asPlatformIdentifiers } from '../../enforcement/identifiers.js';
import type { BlockRegistry } from '../block-registry/block-registry.js';

export interface EarlierDecision {
  caseId: string;
  clauses: string[];
  outcome: string;
  at: string;
}

export interface LockView {
  at: string;
  /** Items the account holder must delete before the lock lifts. */
  contentIds: string[];
  /** Whether this lock still holds. */
  active: boolean;
}

export interface LinkedAccount {
  id: string;
  state: string;
  via: 'block-registry' | 'ban-evasion-signal';
  kinds: string[];
  strength: string | null;
}

export interface AccountView {
  id: string;
  platform: string;
  handle: string | null;
  state: string;
  violations: number;
  minor: boolean | null;
  earlierDecisions: EarlierDecision[];
  locks: LockView[];
  linkedAccounts: LinkedAccount[];
}

const EARLIER_LIMIT = 50;

/** The internal id of the account a case is about, if any. */
export async function caseAccountId(db: Tx, c: CaseState): Promise<string | null> {
  if (c.subjectKind === 'account') return c.subjectId;
  const first = c.subjectKind === 'content' ? c.subjectId : c.contentIds[0];
  if (first === undefined) return null;
  const [row] = await contentRows(db, [first]);
  return row?.author_id ?? null;
}

export async function accountView(db: Tx, accountId: string, exceptCase: string, registry: BlockRegistry | undefined, now: Date): Promise<AccountView | null> {
  const state = await accountState(db, accountId);
  if (!state) return null;
  const earlier = (await decidedCasesOfAccount(db, accountId, EARLIER_LIMIT + 1)).filter((c) => c.id !== exceptCase).slice(0, EARLIER_LIMIT);
  const events = await eventsOf(db, { kind: 'account', id: accountId });
  const locks: LockView[] = [];
  for (const e of events) {
    if (e.type !== 'action.taken' || e.payload.action !== 'lock_account') continue;
    locks.push({ at: e.at, contentIds: (e.payload.contentIds ?? []).map(externalId), active: false });
  }
  if (state.status === 'locked' && locks.length > 0) locks[locks.length - 1]!.active = true;

  const linked = new Map<string, LinkedAccount>();
  const platform = platformOf(accountId);
  for (const m of registry?.match(asPlatformIdentifiers(state.identifiers), now, platform) ?? []) {
    if (m.accountId === accountId) continue;
    const l = linked.get(m.accountId) ?? { id: m.accountId, state: 'unknown', via: 'block-registry' as const, kinds: [], strength: m.strength };
    if (!l.kinds.includes(m.kind)) l.kinds.push(m.kind);
    if (m.strength === 'strong') l.strength = 'strong';
    linked.set(m.accountId, l);
  }
  for (const e of events) {
    if (e.type !== 'signal.recorded' || e.payload.signal !== 'ban-evasion') continue;
    const ev = e.payload.evidence;
    const others = [
      ...(Array.isArray(ev.suspendedAccountIds) ? ev.suspendedAccountIds : []),
      ...(typeof ev.newAccountId === 'string' ? [ev.newAccountId] : []),
    ];
    const kinds = Array.isArray(ev.kinds) ? ev.kinds.filter((k): k is string => typeof k === 'string') : [];
    for (const other of others) {
      if (typeof other !== 'string' || other === accountId || linked.has(other)) continue;
      linked.set(other, { id: other, state: 'unknown', via: 'ban-evasion-signal', kinds, strength: null });
    }
  }
  const states = await accountStates(db, [...linked.keys()]);
  return {
    id: externalId(accountId),
    platform,
    handle: state.handle,
    state: state.status,
    violations: state.violations,
    minor: state.minor,
    earlierDecisions: earlier.map((c) => {
      const d = (c.decision ?? {}) as { outcome?: string; clauses?: string[] };
      return { caseId: c.id, clauses: d.clauses ?? [], outcome: d.outcome ?? c.status, at: c.updatedAt };
    }),
    locks,
    linkedAccounts: [...linked.values()].map((l) => ({ ...l, id: externalId(l.id), state: states.get(l.id)?.status ?? 'unknown' })),
  };
}
