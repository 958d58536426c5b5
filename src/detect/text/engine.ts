// The text engine: one message in, its signals, links and the conversation's new state
// out. Pure: rules, banks and the previous conversation state are values handed in.
//
// Text signals are review-only (signals.md §3, DESIGN "Not violations"): they raise or
// lower a case's priority and never suspend an account by themselves. The types say so:
// every text and conversation signal carries disposition "review-only". News, advocacy,
// prevention, parenting advice and help-seeking are recognised as contexts that lower
// strength; they are never a reason to act.
import { LinkScanner, type LinkFinding } from '../links/scan.js';
import type { UrlBank } from '../links/bank.js';
import type { ShortenerList } from '../links/shorteners.js';
import type { ClauseId } from './clauses.js';
import type { CompiledRules, EvalContext, MessageFacts, NSpan } from './compile.js';
import {
  conversationFeatures,
  conversationKey,
  conversationRisk,
  emptyConversation,
  foldConversation,
  ConversationError,
  type ConversationState,
} from './conversation.js';
import { URGENT_FAMILIES, type Context } from './families.js';
import { normalise, originalSpan, type NormalisedText } from './normalize.js';

export interface TextMessage {
  readonly id?: string;
  readonly text: string;
  /** The platform's conversation id; without it, from and to make the conversation. */
  readonly conversation?: string;
  readonly from?: string;
  readonly to?: string;
  /** When the message was sent: epoch milliseconds or an ISO 8601 string. */
  readonly at?: number | string;
  /** The platform's age signal for the recipient. */
  readonly recipientIsMinor?: boolean;
  /** The platform's age signal for the sender (absent: unknown); the case-opening policy reads it. */
  readonly senderIsMinor?: boolean;
  readonly senderAccountAgeDays?: number;
  /** New contacts the sender made recently, as the platform counts them. */
  readonly senderNewContacts?: number;
  /** ISO 639 code; when given, rules for other languages are skipped. */
  readonly lang?: string;
}

/** Where the evidence is in the original text, and what it says there. */
export interface Evidence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface TextSignal {
  readonly source: 'text';
  readonly family: string;
  readonly clause: ClauseId;
  /** After context adjustment, 0..1. */
  readonly strength: number;
  readonly baseStrength: number;
  readonly rules: readonly string[];
  readonly evidence: readonly Evidence[];
  readonly disposition: 'review-only';
}

export interface ConversationSignal {
  readonly source: 'conversation';
  readonly family: 'conversation';
  readonly clause: ClauseId;
  readonly strength: number;
  readonly families: Readonly<Record<string, number>>;
  readonly minorRecipient: boolean;
  readonly disposition: 'review-only';
}

export interface LinkSignal {
  readonly source: 'link';
  readonly family: 'link-bank';
  readonly clause: 'content.link-to-material';
  readonly strength: 1;
  readonly bank: string;
  readonly provenance: string | undefined;
  /** The bank is one the operator vouches for (see UrlBank.verified). */
  readonly verified: boolean;
  readonly expression: string;
  readonly url: string;
  readonly evidence: readonly Evidence[];
  /** A bank match is evidence of a known URL; what to do is the policy's decision. */
  readonly disposition: 'bank-match';
}

export type Signal = TextSignal | ConversationSignal | LinkSignal;

export interface ContextFinding {
  readonly context: Context;
  readonly rule: string;
  readonly factor: number;
  readonly evidence: readonly Evidence[];
}

export interface Evaluation {
  readonly id: string | undefined;
  readonly signals: readonly Signal[];
  readonly links: readonly LinkFinding[];
  readonly contexts: readonly ContextFinding[];
  /** The factor applied to text signals (1 = none). */
  readonly dampening: number;
  readonly conversation: ReturnType<typeof conversationRisk> | undefined;
  /** The conversation's state after this message; undefined for a public post. */
  readonly state: ConversationState | undefined;
  readonly review: {
    /** Text can only ever ask for review. */
    readonly disposition: 'review-only';
    /** 0..1, the strongest text or conversation signal. */
    readonly priority: number;
    /** Sextortion families present: highest review priority (self-harm risk). */
    readonly urgent: boolean;
  };
  /** The text was longer than maxChars and only its beginning was read: review it. */
  readonly truncated: boolean;
}

export interface TextEngineOptions {
  readonly rules: CompiledRules;
  readonly banks?: readonly UrlBank[];
  readonly shorteners?: ShortenerList;
  /** Texts longer than this are cut for matching and flagged (default 20,000). */
  readonly maxChars?: number;
  /**
   * List every link found in `Evaluation.links` (default true, for `vigie text scan`).
   * Ingest only needs URL-bank matches: with false and no URL bank, links are not
   * extracted at all.
   */
  readonly reportLinks?: boolean;
}

export interface TextEngine {
  readonly rules: CompiledRules;
  evaluate(message: TextMessage, state?: ConversationState): Evaluation;
  /** Only the URL-bank matches of the links in `text` (links a platform lists apart from a post's text). */
  linkSignals(text: string): LinkSignal[];
}

export class MessageError extends Error {
  override readonly name = 'MessageError';
}

function langOk(lang: readonly string[] | undefined, messageLang: string | undefined): boolean {
  return !lang || !messageLang || lang.includes(messageLang);
}

interface Matched {
  family: string;
  clause: ClauseId;
  base: number;
  rules: string[];
  spans: NSpan[];
}

/** Keeps one finding per family and clause: the strongest strength, every rule and span. */
function record(matched: Map<string, Matched>, family: string, clause: ClauseId, strength: number, id: string, spans: NSpan[]): void {
  const k = `${family}\u0000${clause}`;
  const m = matched.get(k);
  if (!m) matched.set(k, { family, clause, base: strength, rules: [id], spans: [...spans] });
  else {
    m.base = Math.max(m.base, strength);
    m.rules.push(id);
    m.spans.push(...spans);
  }
}

function toMillis(at: number | string | undefined): number | undefined {
  if (at === undefined) return undefined;
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new MessageError(`"at" is not a time: ${JSON.stringify(at)}`);
  return ms;
}

/** Spans kept per family and message in a conversation's window. */
const MAX_KEPT_SPANS = 3;

/** A sextortion family dampened below this (e.g. in a news report) does not make a case urgent. */
const URGENT_MIN_STRENGTH = 0.3;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function createTextEngine(options: TextEngineOptions): TextEngine {
  const rules = options.rules;
  const maxChars = options.maxChars ?? 20_000;
  const reportLinks = options.reportLinks ?? true;
  const scanner = new LinkScanner({ banks: options.banks ?? [], shorteners: options.shorteners });
  const settings = rules.conversation;
  const hits: (NSpan[] | undefined)[] = new Array(rules.setCount).fill(undefined);
  const touched: number[] = [];
  const patternSets = rules.patternSets;
  // Defined once, not per message: closures made in evaluate() cost on every post.
  const onMatch = (p: number, start: number, end: number): void => {
    for (const set of patternSets[p]!) {
      const list = hits[set];
      if (list) list.push({ start, end });
      else {
        hits[set] = [{ start, end }];
        touched.push(set);
      }
    }
  };

  function evidenceOf(norm: NormalisedText, spans: readonly NSpan[]): Evidence[] {
    const out: Evidence[] = [];
    const seen = new Set<string>();
    for (const s of spans) {
      if (s.end <= s.start) continue;
      const o = originalSpan(norm, s.start, s.end);
      const key = `${o.start}:${o.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ start: o.start, end: o.end, text: norm.original.slice(o.start, o.end) });
    }
    return out;
  }

  function evaluate(message: TextMessage, state?: ConversationState): Evaluation {
    if (typeof message.text !== 'string') throw new MessageError('"text" must be a string');
    const at = toMillis(message.at);
    const key = conversationKey(message);
    if (state && key !== undefined && state.key !== key) {
      throw new MessageError(`conversation state is for ${JSON.stringify(state.key)}, message is in ${JSON.stringify(key)}`);
    }
    if (state && key === undefined) throw new ConversationError('a conversation state was given for a message outside any conversation');

    const truncated = message.text.length > maxChars;
    const text = truncated ? message.text.slice(0, maxChars) : message.text;
    const norm = normalise(text);

    // The hit lists are reused from message to message (evaluate is synchronous and
    // evidence is copied out), so only the sets touched last time are cleared.
    for (const set of touched) hits[set] = undefined;
    touched.length = 0;
    rules.automaton.scan(norm.text, onMatch);

    const facts: MessageFacts = {
      recipientIsMinor: message.recipientIsMinor,
      senderAccountAgeDays: message.senderAccountAgeDays,
      senderNewContacts: message.senderNewContacts,
    };
    const ctx: EvalContext = { norm, hits, facts, conversation: undefined, current: undefined };

    // Contexts first: they adjust every text signal of the message.
    const contexts: ContextFinding[] = [];
    for (const c of rules.contexts) {
      if (!langOk(c.lang, message.lang)) continue;
      const spans = c.evaluate(ctx);
      if (spans !== null) contexts.push({ context: c.context, rule: c.id, factor: c.factor, evidence: evidenceOf(norm, spans) });
    }
    // Advice, news and help-seeking are written for the public, not sent privately to a
    // child: toward a minor, contexts are reported but do not lower anything.
    const dampening = message.recipientIsMinor === true || contexts.length === 0 ? 1 : Math.min(...contexts.map((c) => c.factor));

    // Phase 1: rules that do not look at the conversation; phase 2: those that do, with
    // the families phase 1 found counted as part of this message.
    const matched = new Map<string, Matched>();
    for (const r of rules.rules) {
      if (r.secondPhase || !langOk(r.lang, message.lang)) continue;
      const spans = r.evaluate(ctx);
      if (spans !== null) record(matched, r.family, r.clause, r.strength, r.id, spans);
    }
    const sender = message.from ?? '';
    let current = state ?? (key !== undefined ? emptyConversation(key) : undefined);
    const phase1 = new Set([...matched.values()].map((m) => m.family));
    const ctx2: EvalContext = {
      ...ctx,
      current: phase1,
      conversation: current ? conversationFeatures(current, sender, phase1) : undefined,
    };
    for (const r of rules.rules) {
      if (!r.secondPhase || !langOk(r.lang, message.lang)) continue;
      const spans = r.evaluate(ctx2);
      if (spans !== null) record(matched, r.family, r.clause, r.strength, r.id, spans);
    }

    const signals: Signal[] = [];
    const families: Record<string, number> = {};
    const spans: Record<string, [number, number][]> = {};
    for (const m of matched.values()) {
      const strength = round(m.base * dampening);
      families[m.family] = Math.max(families[m.family] ?? 0, strength);
      const evidence = evidenceOf(norm, m.spans);
      // Kept with the conversation (a few per family) so that a case opened later can show
      // the reviewer where each earlier message said it.
      if (current) spans[m.family] = [...(spans[m.family] ?? []), ...evidence.map((e): [number, number] => [e.start, e.end])].slice(0, MAX_KEPT_SPANS);
      signals.push({
        source: 'text',
        family: m.family,
        clause: m.clause,
        strength,
        baseStrength: m.base,
        rules: m.rules,
        evidence,
        disposition: 'review-only',
      });
    }

    let risk: ReturnType<typeof conversationRisk> | undefined;
    if (current) {
      current = foldConversation(
        current,
        {
          from: sender,
          ...(message.id !== undefined ? { id: message.id } : {}),
          ...(Object.keys(spans).length > 0 ? { spans } : {}),
          ...(at !== undefined ? { at } : {}),
          recipientIsMinor: message.recipientIsMinor === true,
          families,
        },
        settings,
      );
      risk = conversationRisk(current, sender, settings);
      if (risk.risk >= settings.signalThreshold && Object.keys(risk.families).length >= settings.minFamilies) {
        const sextortion = URGENT_FAMILIES.some((f) => f in risk!.families);
        signals.push({
          source: 'conversation',
          family: 'conversation',
          clause: sextortion ? 'behaviour.sextortion' : 'behaviour.grooming',
          strength: risk.risk,
          families: risk.families,
          minorRecipient: risk.minorRecipient,
          disposition: 'review-only',
        });
      }
    }

    const links = reportLinks || scanner.hasBanks ? scanner.scan(text) : [];
    signals.push(...bankSignals(links));

    let priority = 0;
    let urgent = false;
    for (const s of signals) {
      if (s.source === 'link') continue;
      priority = Math.max(priority, s.strength);
      if (s.source === 'text' && URGENT_FAMILIES.includes(s.family) && s.strength >= URGENT_MIN_STRENGTH) urgent = true;
      if (s.source === 'conversation' && s.clause === 'behaviour.sextortion') urgent = true;
    }

    return {
      id: message.id,
      signals,
      links,
      contexts,
      dampening,
      conversation: risk,
      state: current,
      review: { disposition: 'review-only', priority, urgent },
      truncated,
    };
  }

  function linkSignals(text: string): LinkSignal[] {
    // Without URL banks no link can match: skip extracting them.
    if (!scanner.hasBanks) return [];
    return bankSignals(scanner.scan(text.length > maxChars ? text.slice(0, maxChars) : text));
  }

  return { rules, evaluate, linkSignals };
}

function bankSignals(links: readonly LinkFinding[]): LinkSignal[] {
  const out: LinkSignal[] = [];
  for (const link of links) {
    for (const b of link.bankMatches) {
      out.push({
        source: 'link',
        family: 'link-bank',
        clause: 'content.link-to-material',
        strength: 1,
        bank: b.bank,
        provenance: b.provenance,
        verified: b.verified,
        expression: b.expression,
        url: link.url,
        evidence: [{ start: link.span.start, end: link.span.end, text: link.raw }],
        disposition: 'bank-match',
      });
    }
  }
  return out;
}
