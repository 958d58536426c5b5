// vigie text scan: JSON lines in (one message per line, in conversation order), one JSON
// line out per message with its signals and links. A bad line gets an error line (with
// its id when it has one, and its line number) and the run goes on.
//
// The options, input and output formats are described in ../grammar/text-scan.ts
// (`vigie text scan --help`).
//
// Exit status: 0 when every line was read, 1 when some lines were bad, 2 when the
// options, rules or lists cannot be used.
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { UrlBank } from '../../detect/links/bank.js';
import { urlBankSource, type UrlBankSource } from '../../detect/links/bank-sources.js';
import { canonicalizeUrl } from '../../detect/links/canonicalize.js';
import { expandShortLink, type Expansion } from '../../services/detection/short-links.js';
import { ShortenerList } from '../../detect/links/shorteners.js';
import { AGE_BANDS, ageStatus, type AgeFacts } from '../../policy/ages.js';
import { ReviewDesk, type DeskResult } from '../../moderation/review-desk.js';
import { DEFAULT_RULES } from '../../detect/text/default-rules/index.js';
import type { Evaluation, TextMessage } from '../../detect/text/engine.js';
import { reloadingEngine, RulesLoader } from '../../services/detection/text-rules.js';
import { RulesError } from '../../detect/text/rules-file.js';
import { describe, type TextScanOptions } from '../grammar/text-scan.js';

export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

const messageSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  conversation: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  at: z.union([z.number(), z.string()]).optional(),
  recipientIsMinor: z.boolean().optional(),
  senderIsMinor: z.boolean().optional(),
  senderBirthYear: z.number().int().min(1900).max(2100).optional(),
  recipientBirthYear: z.number().int().min(1900).max(2100).optional(),
  senderAgeBand: z.enum(AGE_BANDS).optional(),
  recipientAgeBand: z.enum(AGE_BANDS).optional(),
  senderAccountAgeDays: z.number().min(0).optional(),
  senderNewContacts: z.number().int().min(0).optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
});

function pairs(values: readonly string[] | undefined, what: string): [string, string][] {
  return (values ?? []).map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`${what} must be NAME=VALUE, got ${JSON.stringify(v)}`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

class UsageError extends Error {}

async function loadBanks(specs: readonly [string, string][], stderr: Writable): Promise<UrlBank[]> {
  const banks: UrlBank[] = [];
  for (const [name, spec] of specs) {
    let source: UrlBankSource;
    try {
      source = urlBankSource(name, spec, false);
    } catch (err) {
      throw new UsageError(`--url-bank ${err instanceof Error ? err.message : String(err)}`);
    }
    const { bank, problems } = UrlBank.fromList(name, await readFile(source.path, 'utf8'), source.format, source.path);
    for (const p of problems) stderr.write(`vigie: url bank ${name} line ${p.line}: ${p.message} (skipped)\n`);
    banks.push(bank);
  }
  return banks;
}

function output(e: Evaluation, disposition: DeskResult['disposition'], expansions: ReadonlyMap<string, Expansion>): Record<string, unknown> {
  return {
    id: e.id,
    signals: e.signals.map((s) => {
      if (s.source === 'text') {
        return {
          family: s.family,
          clause: s.clause,
          strength: s.strength,
          source: s.source,
          rules: s.rules,
          evidence: s.evidence.map(({ start, end }) => ({ start, end })),
        };
      }
      if (s.source === 'conversation') {
        return { family: s.family, clause: s.clause, strength: s.strength, source: s.source, families: s.families, minorRecipient: s.minorRecipient };
      }
      return { family: s.family, clause: s.clause, strength: s.strength, source: s.source, bank: s.bank, expression: s.expression, url: s.url };
    }),
    links: e.links.map((l) => ({
      url: l.url,
      raw: l.raw,
      start: l.span.start,
      end: l.span.end,
      host: l.host,
      registrableDomain: l.registrableDomain,
      shortener: l.shortener,
      obfuscated: l.obfuscated,
      banks: l.bankMatches.map((m) => m.bank),
      ...(expansions.has(l.url) ? { expansion: expansions.get(l.url) } : {}),
    })),
    ...(e.contexts.length > 0 ? { contexts: e.contexts.map((c) => ({ context: c.context, rule: c.rule, factor: c.factor })) } : {}),
    ...(e.conversation ? { conversation: { key: e.conversation.key, risk: e.conversation.risk, families: e.conversation.families } } : {}),
    priority: e.review.priority,
    urgent: e.review.urgent,
    // As the ingest answer says it: the case this message opened or joined, or null.
    review: disposition,
    ...(e.truncated ? { truncated: true } : {}),
  };
}

/** The command as a library call: parses `args` as `vigie text scan` does, then scans. */
export async function scan(args: string[], io: Io): Promise<number> {
  const command = describe(new Command('vigie text scan'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  try {
    command.parse(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return scanMessages(command.opts<TextScanOptions>(), io);
}

export async function run(options: TextScanOptions): Promise<number> {
  return scanMessages(options, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}

async function scanMessages(values: TextScanOptions, io: Io): Promise<number> {
  if (values.printDefaultRules) {
    io.stdout.write(JSON.stringify(DEFAULT_RULES, null, 2) + '\n');
    return 0;
  }

  let engine;
  let banks: UrlBank[];
  const maxConversations = values.maxConversations;
  try {
    const loader = new RulesLoader({ rulesPath: values.rules, termLists: Object.fromEntries(pairs(values.terms, '--terms')) });
    const rules = await loader.load();
    for (const w of rules.warnings) io.stderr.write(`vigie: ${w}\n`);
    banks = await loadBanks(pairs(values.urlBank, '--url-bank'), io.stderr);
    engine = reloadingEngine(loader, { banks });
  } catch (err) {
    const msg = err instanceof RulesError ? err.problems.join('\n  ') : err instanceof Error ? err.message : String(err);
    io.stderr.write(`vigie text scan: cannot use the rules or lists:\n  ${msg}\n`);
    return 2;
  }
  const shorteners = new ShortenerList();

  // Conversations, senders and open cases live for the run, oldest dropped past the limit.
  const desk = new ReviewDesk(() => engine, maxConversations);
  const write = async (value: unknown) => {
    if (!io.stdout.write(JSON.stringify(value) + '\n')) await once(io.stdout, 'drain');
  };

  let lineNo = 0;
  let bad = 0;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let id: string | undefined;
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new Error('not a JSON object');
      }
      if (raw && typeof raw === 'object' && 'id' in raw && (typeof raw.id === 'string' || typeof raw.id === 'number')) id = String(raw.id);
      const parsed = messageSchema.safeParse(raw);
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
      const message = withAges(parsed.data);
      const { evaluation, disposition } = desk.submit(message);
      const expansions = new Map<string, Expansion & { finalBanks: string[] }>();
      if (values.expandShorteners) {
        for (const link of evaluation.links) {
          if (!link.shortener || expansions.has(link.url)) continue;
          const expansion = await expandShortLink(link.url, { shorteners });
          // Where the chain points is looked up in the banks too (never fetched).
          const finalBanks = expansion.final ? banks.flatMap((b) => b.lookup(canonicalizeUrl(expansion.final!)).map((m) => m.bank)) : [];
          expansions.set(link.url, { ...expansion, finalBanks });
        }
      }
      await write(output(evaluation, disposition, expansions));
    } catch (err) {
      bad++;
      await write({ id: id ?? null, line: lineNo, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return bad > 0 ? 1 : 0;
}

/** The age facts of a line as the two flags the engine and the policy read (unknown: absent). */
function withAges(line: z.infer<typeof messageSchema>): TextMessage {
  const { senderBirthYear, recipientBirthYear, senderAgeBand, recipientAgeBand, ...message } = line;
  const at = typeof line.at === 'number' ? line.at : line.at !== undefined ? Date.parse(line.at) : Date.now();
  const flag = (facts: AgeFacts): boolean | undefined => {
    const s = ageStatus(facts, Number.isFinite(at) ? at : Date.now());
    return s === 'unknown' ? undefined : s === 'minor';
  };
  const sender = flag({ minor: line.senderIsMinor, birthYear: senderBirthYear, ageBand: senderAgeBand });
  const recipient = flag({ minor: line.recipientIsMinor, birthYear: recipientBirthYear, ageBand: recipientAgeBand });
  const { senderIsMinor: _s, recipientIsMinor: _r, ...rest } = message;
  void _s;
  void _r;
  return { ...rest, ...(sender !== undefined ? { senderIsMinor: sender } : {}), ...(recipient !== undefined ? { recipientIsMinor: recipient } : {}) };
}
