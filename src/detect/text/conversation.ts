// Conversations: direct messages between two accounts, evaluated together because
// grooming shows over many messages, in any order (signals.md §1: stages overlap, repeat
// and skip). A ConversationState is a plain JSON value folded over messages: a bounded
// window of what each message showed. No clock inside: message times are passed in.
import type { ConversationFeatures } from './compile.js';
import type { ConversationSettings } from './rules-file.js';

export interface ConversationEntry {
  readonly from: string;
  /** The message's id (at ingest, the content id): what a case on the conversation carries. */
  readonly id?: string;
  /** Milliseconds since the epoch, when the platform gave a time. */
  readonly at?: number;
  readonly recipientIsMinor: boolean;
  /** Strongest (context-adjusted) strength per family in this message. */
  readonly families: Readonly<Record<string, number>>;
  /** Where in the message's original text each family showed: [start, end) offsets, a few per family. */
  readonly spans?: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

export interface ConversationState {
  readonly version: 1;
  readonly key: string;
  /** Oldest first; bounded by windowMessages and windowHours. */
  readonly window: readonly ConversationEntry[];
  /** Messages folded in since the conversation started (window or not). */
  readonly total: number;
}

export interface ConversationRisk {
  readonly key: string;
  readonly sender: string;
  /** 0..1: rises as distinct families accumulate, faster toward a minor. */
  readonly risk: number;
  readonly families: Readonly<Record<string, number>>;
  readonly minorRecipient: boolean;
  readonly messages: number;
}

export class ConversationError extends Error {
  override readonly name = 'ConversationError';
}

export function emptyConversation(key: string): ConversationState {
  return { version: 1, key, window: [], total: 0 };
}

/**
 * The conversation a message belongs to: the platform's id when given, else the pair of
 * accounts (in either direction), else none (a public post).
 */
export function conversationKey(message: { conversation?: string; from?: string; to?: string }): string | undefined {
  if (message.conversation) return message.conversation;
  if (message.from && message.to) {
    const [a, b] = [message.from, message.to].sort();
    return `dm:${a}|${b}`;
  }
  return undefined;
}

/** Checks that a value read back from storage is a usable state (bad input loses nothing). */
export function isConversationState(value: unknown): value is ConversationState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ConversationState>;
  return v.version === 1 && typeof v.key === 'string' && Array.isArray(v.window) && typeof v.total === 'number';
}

/** Appends a message's entry and drops what falls out of the window. */
export function foldConversation(state: ConversationState, entry: ConversationEntry, settings: Required<ConversationSettings>): ConversationState {
  let window = [...state.window, entry];
  if (entry.at !== undefined) {
    const oldest = entry.at - settings.windowHours * 3_600_000;
    window = window.filter((e) => e.at === undefined || e.at >= oldest);
  }
  if (window.length > settings.windowMessages) window = window.slice(window.length - settings.windowMessages);
  return { version: 1, key: state.key, window, total: state.total + 1 };
}

/** What the conversation rules can ask about, before this message is folded in. */
export function conversationFeatures(state: ConversationState, sender: string, current: Iterable<string>): ConversationFeatures {
  const seen = new Set<string>();
  let fromSender = 0;
  for (const e of state.window) {
    if (e.from !== sender) continue;
    fromSender++;
    for (const f of Object.keys(e.families)) seen.add(f);
  }
  const all = new Set(seen);
  for (const f of current) all.add(f);
  const messages = state.window.length;
  return { seen, families: all.size, messages, senderShare: (fromSender + 1) / (messages + 1) };
}

/**
 * Risk of what one sender showed in the window: 1 - prod(1 - s_f)^m over the distinct
 * families f (s_f the strongest showing of f), with m = minorMultiplier when the sender
 * wrote to a minor. Repeating one family does not add up; new families do, in any order.
 */
export function conversationRisk(state: ConversationState, sender: string, settings: Required<ConversationSettings>): ConversationRisk {
  const families: Record<string, number> = {};
  let minor = false;
  let messages = 0;
  for (const e of state.window) {
    if (e.from !== sender) continue;
    messages++;
    if (e.recipientIsMinor) minor = true;
    for (const [f, s] of Object.entries(e.families)) families[f] = Math.max(families[f] ?? 0, s);
  }
  const m = minor ? settings.minorMultiplier : 1;
  let keep = 1;
  for (const s of Object.values(families)) keep *= Math.pow(1 - Math.min(s, 0.999), m);
  return { key: state.key, sender, risk: round(1 - keep), families, minorRecipient: minor, messages };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
