// Accumulated risk of what one sender showed in a conversation, and of a sender across
// conversations. Grooming is a sequence, not a phrase (signals.md §1): stages add up in any
// order, a late stage after an early one weighs more, a stage shown again counts a little,
// and what was shown long ago fades (half-life), so a month-old "how old are you" alone
// never opens a case. Pure: the time of the newest message is passed in.
import type { AccumulationSettings, SenderSettings } from './case-opening-rules.js';

/** One message of the window as the conversation state keeps it (detect/text/conversation.ts). */
export interface WindowEntry {
  readonly from: string;
  readonly id?: string;
  readonly at?: number;
  readonly families: Readonly<Record<string, number>>;
  readonly spans?: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

/** A message that made the risk: what a case carries for the reviewer. */
export interface AccumulatedItem {
  readonly contentId: string;
  readonly families: Readonly<Record<string, number>>;
  readonly spans: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

/** Stages that open the way (access, trust, risk assessment, secrecy, moving apps). */
const EARLY = new Set(['age-probing', 'risk-assessment', 'secrecy', 'isolation', 'platform-migration', 'gift-offer', 'mass-outreach']);
/** Stages that ask for something (images, a meeting, money) or threaten. */
const LATE = new Set(['image-request', 'meeting', 'sextortion-threat', 'payment-demand', 'solicitation', 'explicit-conversation']);

export interface Accumulated {
  /** 0..1. */
  readonly risk: number;
  /** Decayed weight per family. */
  readonly families: Readonly<Record<string, number>>;
  /** The sender's messages that showed a family, oldest first: what a case carries. */
  readonly contentIds: readonly string[];
  readonly items: readonly AccumulatedItem[];
  readonly ordered: boolean;
}

export function accumulate(window: readonly WindowEntry[], sender: string, now: number | undefined, toMinor: boolean, s: AccumulationSettings): Accumulated {
  const best: Record<string, number> = {};
  const second: Record<string, number> = {};
  const contentIds: string[] = [];
  const items: AccumulatedItem[] = [];
  let earlySeen = false;
  let ordered = false;
  for (const e of window) {
    if (e.from !== sender) continue;
    const keys = Object.keys(e.families);
    if (keys.length === 0) continue;
    if (e.id !== undefined) {
      contentIds.push(e.id);
      items.push({ contentId: e.id, families: e.families, spans: e.spans ?? {} });
    }
    const fade = now !== undefined && e.at !== undefined ? Math.pow(0.5, Math.max(0, now - e.at) / (s.halfLifeHours * 3_600_000)) : 1;
    let early = false;
    for (const f of keys) {
      const w = e.families[f]! * fade;
      if (w > (best[f] ?? 0)) {
        second[f] = best[f] ?? 0;
        best[f] = w;
      } else if (w > (second[f] ?? 0)) second[f] = w;
      if (EARLY.has(f)) early = true;
      if (LATE.has(f) && earlySeen) ordered = true;
    }
    if (early) earlySeen = true;
  }
  const m = toMinor ? s.minorExponent : 1;
  let keep = 1;
  const families: Record<string, number> = {};
  for (const [f, b] of Object.entries(best)) {
    const w = Math.min(0.95, b + s.repeatWeight * (second[f] ?? 0));
    families[f] = round(w);
    keep *= Math.pow(1 - w, m);
  }
  if (ordered) keep *= 1 - s.orderBonus;
  return { risk: round(1 - keep), families, contentIds, items, ordered };
}

/** A sender's conversations with minors that reached some risk, kept in the store (sender_risk). */
export interface SenderRiskState {
  readonly version: 1;
  /** Per conversation: the other account, its risk and when (epoch ms). Bounded, newest kept. */
  readonly conversations: Readonly<Record<string, { readonly minor: string; readonly risk: number; readonly at: number }>>;
}

const SENDER_CONVERSATIONS = 50;

export function emptySenderRisk(): SenderRiskState {
  return { version: 1, conversations: {} };
}

export function isSenderRiskState(v: unknown): v is SenderRiskState {
  return typeof v === 'object' && v !== null && (v as SenderRiskState).version === 1 && typeof (v as SenderRiskState).conversations === 'object';
}

export function foldSenderRisk(state: SenderRiskState, conversation: string, minor: string, risk: number, at: number): SenderRiskState {
  const entries = Object.entries(state.conversations).filter(([k]) => k !== conversation);
  entries.push([conversation, { minor, risk, at }]);
  entries.sort((a, b) => a[1].at - b[1].at);
  return { version: 1, conversations: Object.fromEntries(entries.slice(-SENDER_CONVERSATIONS)) };
}

/** Distinct minors the sender reached `minRisk` with, weights faded to `now`. */
export function senderMinors(state: SenderRiskState, now: number, acc: AccumulationSettings, s: SenderSettings): string[] {
  const minors = new Set<string>();
  for (const c of Object.values(state.conversations)) {
    const fade = Math.pow(0.5, Math.max(0, now - c.at) / (acc.halfLifeHours * 3_600_000));
    if (c.risk * fade >= s.minRisk) minors.add(c.minor);
  }
  return [...minors].sort();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
