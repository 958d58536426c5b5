// Compiles a validated rules file and the operator's term lists into one Aho-Corasick
// automaton (every phrase and term of every rule) and a tree of small evaluator
// functions per rule. Pure: term lists come in as values; the loader reads the files.
import { caseOpeningPolicy, type CaseOpeningPolicy } from '../../policy/case-opening-rules.js';
import { RE2JS } from 're2js';
import { AhoCorasick, type AcPattern } from './aho-corasick.js';
import type { NormalisedText } from './normalize.js';
import { parseRulesFile, RulesError, type Comparison, type Condition, type ConversationSettings, type RulesFile } from './rules-file.js';
import { parseTerm, type TermList } from './term-list.js';
import type { ClauseId } from './clauses.js';
import type { Context } from './families.js';

/** A span of normalised text (end exclusive). */
export interface NSpan {
  readonly start: number;
  readonly end: number;
}

export interface MessageFacts {
  readonly recipientIsMinor?: boolean;
  readonly senderAccountAgeDays?: number;
  readonly senderNewContacts?: number;
}

export interface ConversationFeatures {
  /** Families seen earlier in the window from the sender. */
  readonly seen: ReadonlySet<string>;
  /** Distinct families from the sender in the window, this message included. */
  readonly families: number;
  /** Messages in the window before this one. */
  readonly messages: number;
  /** Share of the window's messages (this one included) written by the sender. */
  readonly senderShare: number;
}

export interface EvalContext {
  readonly norm: NormalisedText;
  /** Spans found by the automaton, by term-set id. */
  readonly hits: readonly (NSpan[] | undefined)[];
  readonly facts: MessageFacts;
  /** Undefined outside a conversation, and in the first evaluation phase. */
  readonly conversation: ConversationFeatures | undefined;
  /** Families found by first-phase rules in this message; undefined in the first phase. */
  readonly current: ReadonlySet<string> | undefined;
  wordIndex?: Int32Array;
}

/** Returns the evidence spans when the condition holds, or null. */
export type Evaluator = (ctx: EvalContext) => NSpan[] | null;

export interface CompiledSignalRule {
  readonly id: string;
  readonly family: string;
  readonly clause: ClauseId;
  readonly strength: number;
  readonly lang: readonly string[] | undefined;
  /**
   * Second-phase rules look at the conversation or at other rules' families; they run
   * after the first-phase rules of the same message.
   */
  readonly secondPhase: boolean;
  readonly evaluate: Evaluator;
}

export interface CompiledContextRule {
  readonly id: string;
  readonly context: Context;
  readonly factor: number;
  readonly lang: readonly string[] | undefined;
  readonly evaluate: Evaluator;
}

export interface CompiledRules {
  readonly name: string | undefined;
  readonly automaton: AhoCorasick;
  /** For each automaton pattern, the term sets it belongs to. */
  readonly patternSets: readonly (readonly number[])[];
  readonly setCount: number;
  readonly rules: readonly CompiledSignalRule[];
  readonly contexts: readonly CompiledContextRule[];
  readonly conversation: Required<ConversationSettings>;
  /** The case-opening policy, defaults with the file's section laid over them. */
  readonly caseOpening: CaseOpeningPolicy;
  /** Non-fatal problems (bad lines in term lists, optional lists that were not given). */
  readonly warnings: readonly string[];
  /** Number of distinct terms and phrases in the automaton. */
  readonly termCount: number;
}

export const DEFAULT_CONVERSATION_SETTINGS: Required<ConversationSettings> = {
  windowMessages: 50,
  windowHours: 24 * 14,
  minorMultiplier: 2,
  signalThreshold: 0.5,
  minFamilies: 2,
};

/** Upper bound on pattern matches collected per pattern and message. */
const MAX_PATTERN_MATCHES = 16;

class Builder {
  readonly patterns: AcPattern[] = [];
  readonly patternSets: number[][] = [];
  private readonly patternIndex = new Map<string, number>();
  setCount = 0;
  readonly listSets = new Map<string, number>();

  newSet(): number {
    return this.setCount++;
  }

  add(set: number, pattern: AcPattern): void {
    const key = `${pattern.left === false ? '*' : ''}${pattern.text}${pattern.right === false ? '*' : ''}`;
    let p = this.patternIndex.get(key);
    if (p === undefined) {
      p = this.patterns.length;
      this.patterns.push(pattern);
      this.patternSets.push([]);
      this.patternIndex.set(key, p);
    }
    const sets = this.patternSets[p]!;
    if (!sets.includes(set)) sets.push(set);
  }
}

function compare(value: number | undefined, c: Comparison): boolean {
  if (value === undefined) return false;
  if (c.lt !== undefined && !(value < c.lt)) return false;
  if (c.lte !== undefined && !(value <= c.lte)) return false;
  if (c.gt !== undefined && !(value > c.gt)) return false;
  if (c.gte !== undefined && !(value >= c.gte)) return false;
  return true;
}

function wordIndexOf(ctx: EvalContext): Int32Array {
  if (!ctx.wordIndex) {
    const text = ctx.norm.text;
    const idx = new Int32Array(text.length + 1);
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      idx[i] = w;
      if (text.charCodeAt(i) === 0x20) w++;
    }
    idx[text.length] = w;
    ctx.wordIndex = idx;
  }
  return ctx.wordIndex;
}

/** Words strictly between two spans, or -1 when the second does not come after the first. */
function wordsBetween(ctx: EvalContext, first: NSpan, second: NSpan): number {
  if (second.start < first.end) return -1;
  const idx = wordIndexOf(ctx);
  return Math.max(0, idx[second.start]! - idx[first.end - 1]! - 1);
}

function isSecondPhase(c: Condition): boolean {
  if ('conversation' in c || 'family' in c) return true;
  if ('all' in c) return c.all.some(isSecondPhase);
  if ('any' in c) return c.any.some(isSecondPhase);
  if ('not' in c) return isSecondPhase(c.not);
  if ('near' in c) return c.near.some(isSecondPhase);
  return false;
}

interface CompileInput {
  readonly errors: string[];
}

function compileCondition(c: Condition, b: Builder, input: CompileInput, where: string): Evaluator {
  if ('phrases' in c) {
    const set = b.newSet();
    c.phrases.forEach((phrase, i) => {
      try {
        const t = parseTerm(phrase.trim());
        b.add(set, { text: t.text, left: t.left, right: t.right });
      } catch (err) {
        input.errors.push(`${where}.phrases.${i}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return (ctx) => ctx.hits[set] ?? null;
  }
  if ('terms' in c) {
    const set = b.listSets.get(c.terms);
    if (set === undefined) {
      input.errors.push(`${where}.terms: no term list named ${JSON.stringify(c.terms)} is declared in termLists`);
      return () => null;
    }
    return (ctx) => ctx.hits[set] ?? null;
  }
  if ('pattern' in c) {
    let re: RE2JS;
    try {
      // No flags: the text is already lower case, and lookbehinds (an RE2 extension in
      // re2js) stay disabled so that only standard RE2 syntax is accepted.
      re = RE2JS.compile(c.pattern);
    } catch (err) {
      input.errors.push(`${where}.pattern: not a valid RE2 pattern (${err instanceof Error ? err.message : String(err)})`);
      return () => null;
    }
    return (ctx) => {
      const text = ctx.norm.text;
      if (!re.test(text)) return null;
      const spans: NSpan[] = [];
      const m = re.matcher(text);
      let from = 0;
      while (spans.length < MAX_PATTERN_MATCHES && from <= text.length && m.find(from)) {
        const start = m.start();
        const end = m.end();
        if (end > start) spans.push({ start, end });
        from = end > start ? end : end + 1;
      }
      return spans;
    };
  }
  if ('all' in c) {
    const parts = c.all.map((x, i) => compileCondition(x, b, input, `${where}.all.${i}`));
    return (ctx) => {
      const out: NSpan[] = [];
      for (const p of parts) {
        const r = p(ctx);
        if (r === null) return null;
        out.push(...r);
      }
      return out;
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x, i) => compileCondition(x, b, input, `${where}.any.${i}`));
    return (ctx) => {
      let out: NSpan[] | null = null;
      for (const p of parts) {
        const r = p(ctx);
        if (r !== null) (out ??= []).push(...r);
      }
      return out;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not, b, input, `${where}.not`);
    return (ctx) => (inner(ctx) === null ? [] : null);
  }
  if ('near' in c) {
    const [a, bb] = [compileCondition(c.near[0], b, input, `${where}.near.0`), compileCondition(c.near[1], b, input, `${where}.near.1`)];
    const within = c.within;
    const ordered = c.ordered === true;
    return (ctx) => {
      const xs = a(ctx);
      if (xs === null || xs.length === 0) return null;
      const ys = bb(ctx);
      if (ys === null || ys.length === 0) return null;
      for (const x of xs) {
        for (const y of ys) {
          const gap = wordsBetween(ctx, x, y);
          if (gap >= 0 && gap <= within) return [x, y];
          if (!ordered) {
            const back = wordsBetween(ctx, y, x);
            if (back >= 0 && back <= within) return [y, x];
          }
        }
      }
      return null;
    };
  }
  if ('recipientIsMinor' in c) {
    const want = c.recipientIsMinor;
    return (ctx) => (ctx.facts.recipientIsMinor === undefined || ctx.facts.recipientIsMinor !== want ? null : []);
  }
  if ('senderAccountAgeDays' in c) {
    const cmp = c.senderAccountAgeDays;
    return (ctx) => (compare(ctx.facts.senderAccountAgeDays, cmp) ? [] : null);
  }
  if ('senderNewContacts' in c) {
    const cmp = c.senderNewContacts;
    return (ctx) => (compare(ctx.facts.senderNewContacts, cmp) ? [] : null);
  }
  if ('family' in c) {
    const wanted: readonly string[] = typeof c.family === 'string' ? [c.family] : c.family;
    return (ctx) => (ctx.current && wanted.some((f) => ctx.current!.has(f)) ? [] : null);
  }
  const conv = c.conversation;
  return (ctx) => {
    const f = ctx.conversation;
    if (!f) return null;
    if (conv.seen && !conv.seen.some((s) => f.seen.has(s))) return null;
    if (conv.familiesAtLeast !== undefined && f.families < conv.familiesAtLeast) return null;
    if (conv.messagesAtMost !== undefined && f.messages > conv.messagesAtMost) return null;
    if (conv.messagesAtLeast !== undefined && f.messages < conv.messagesAtLeast) return null;
    if (conv.senderShareAtLeast !== undefined && f.senderShare < conv.senderShareAtLeast) return null;
    return [];
  };
}

/**
 * Compiles rules. `file` is the parsed JSON of a rules file (validated here); `termLists`
 * are the operator's lists by name. Throws RulesError listing every problem; problems in
 * individual term-list lines are warnings, and the other lines are kept.
 */
export function compileRules(file: unknown, termLists: readonly TermList[] = []): CompiledRules {
  const parsed: RulesFile = parseRulesFile(file);
  const errors: string[] = [];
  const warnings: string[] = [];
  const lists = new Map<string, TermList>();
  for (const list of termLists) lists.set(list.name, list);
  const b = new Builder();

  const notGiven: string[] = [];
  for (const [name, decl] of Object.entries(parsed.termLists ?? {})) {
    const set = b.newSet();
    b.listSets.set(name, set);
    const given = lists.get(name);
    const inline = decl.terms ?? [];
    if (!given && inline.length === 0) {
      if (decl.optional) notGiven.push(name);
      else errors.push(`termLists.${name}: the list is required and was not given`);
    }
    inline.forEach((raw, i) => {
      try {
        const t = parseTerm(raw.trim());
        b.add(set, { text: t.text, left: t.left, right: t.right });
      } catch (err) {
        errors.push(`termLists.${name}.terms.${i}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    for (const t of given?.terms ?? []) b.add(set, { text: t.text, left: t.left, right: t.right });
    for (const p of given?.problems ?? []) warnings.push(`term list ${JSON.stringify(name)} line ${p.line}: ${p.message} (line skipped)`);
  }
  if (notGiven.length > 0) {
    const names = notGiven.map((n) => JSON.stringify(n)).join(', ');
    warnings.push(
      `optional term list${notGiven.length > 1 ? 's' : ''} ${names} ${notGiven.length > 1 ? 'were' : 'was'} not given; ${notGiven.length > 1 ? 'their' : 'its'} rules will not match`,
    );
  }
  for (const name of lists.keys()) {
    if (!parsed.termLists?.[name]) warnings.push(`term list ${JSON.stringify(name)} was given but no rule file declares it`);
  }

  const input: CompileInput = { errors };
  const ids = new Set<string>();
  const checkId = (id: string, where: string) => {
    if (ids.has(id)) errors.push(`${where}.id: duplicate rule id ${JSON.stringify(id)}`);
    ids.add(id);
  };
  const rules: CompiledSignalRule[] = parsed.rules.map((r, i) => {
    checkId(r.id, `rules.${i}`);
    return {
      id: r.id,
      family: r.family,
      clause: r.clause,
      strength: r.strength,
      lang: r.lang,
      secondPhase: isSecondPhase(r.when),
      evaluate: compileCondition(r.when, b, input, `rules.${i}(${r.id}).when`),
    };
  });
  const contexts: CompiledContextRule[] = (parsed.contexts ?? []).map((r, i) => {
    checkId(r.id, `contexts.${i}`);
    if (isSecondPhase(r.when)) errors.push(`contexts.${i}(${r.id}).when: context rules cannot use conversation or family conditions`);
    return {
      id: r.id,
      context: r.context,
      factor: r.factor,
      lang: r.lang,
      evaluate: compileCondition(r.when, b, input, `contexts.${i}(${r.id}).when`),
    };
  });
  if (errors.length > 0) throw new RulesError(errors);

  return {
    name: parsed.name,
    automaton: new AhoCorasick(b.patterns),
    patternSets: b.patternSets,
    setCount: b.setCount,
    rules,
    contexts,
    conversation: { ...DEFAULT_CONVERSATION_SETTINGS, ...stripUndefined(parsed.conversation ?? {}) },
    caseOpening: caseOpeningPolicy(parsed.caseOpening),
    warnings,
    termCount: b.patterns.length,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
