// Case-opening evaluation: what reaches a person, by conversation and by public post, with
// the same engine, accumulation and policy as ingest (src/moderation/review-desk.ts).
//
// - conversation-level recall: a grooming or sextortion conversation counts when one of its
//   messages opened or joined a case by its last message; sextortion ones should be urgent;
// - benign posts and benign conversations that open a case (the review load);
// - cases per conversation (never more than one open case per subject).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEngine, TextMessage } from '../../src/detect/text/index.js';
import { ageStatus, type AgeFacts } from '../../src/policy/ages.js';
import { ReviewDesk } from '../../src/moderation/review-desk.js';

export interface Post {
  readonly id: string;
  readonly lang: string;
  readonly category: string;
  readonly text: string;
}

export interface Conversation {
  readonly id: string;
  readonly lang: string;
  readonly label: 'benign' | 'grooming' | 'sextortion';
  readonly category: string;
  readonly parties: Readonly<Record<string, AgeFacts>>;
  readonly messages: readonly { from: string; to: string; at: string; text: string }[];
}

export interface CaseFigures {
  readonly posts: number;
  readonly postsOpened: number;
  readonly benign: number;
  readonly benignOpened: number;
  readonly harmful: number;
  readonly harmfulReached: number;
  readonly sextortion: number;
  readonly sextortionUrgent: number;
  readonly casesPerConversation: number;
  readonly maxOpenPerConversation: number;
  readonly errors: readonly string[];
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function flag(facts: AgeFacts | undefined, at: number): boolean | undefined {
  const s = ageStatus(facts, at);
  return s === 'unknown' ? undefined : s === 'minor';
}

export function evaluateCases(engine: () => TextEngine, dir: string, split: 'dev' | 'holdout'): CaseFigures {
  const posts = jsonl<Post>(join(dir, `posts-${split}.jsonl`));
  const conversations = jsonl<Conversation>(join(dir, `conversations-${split}.jsonl`));
  const errors: string[] = [];
  const desk = new ReviewDesk(engine);
  let postsOpened = 0;
  for (const p of posts) {
    const r = desk.submit({ id: p.id, text: p.text, lang: p.lang, from: `author-${p.id}` });
    if (r.disposition) {
      postsOpened++;
      errors.push(`  post opens a case       ${p.id}: ${p.text}`);
    }
  }
  let benign = 0;
  let benignOpened = 0;
  let harmful = 0;
  let harmfulReached = 0;
  let sextortion = 0;
  let sextortionUrgent = 0;
  let casesTotal = 0;
  let withCases = 0;
  let maxOpen = 0;
  for (const c of conversations) {
    const desk = new ReviewDesk(engine);
    let reached = false;
    let urgent = false;
    for (const [i, m] of c.messages.entries()) {
      const at = Date.parse(m.at);
      const message: TextMessage = {
        id: `${c.id}-${i + 1}`,
        text: m.text,
        lang: c.lang,
        from: `${c.id}:${m.from}`,
        to: `${c.id}:${m.to}`,
        at: m.at,
        ...opt('senderIsMinor', flag(c.parties[m.from], at)),
        ...opt('recipientIsMinor', flag(c.parties[m.to], at)),
      };
      const r = desk.submit(message);
      if (r.disposition) {
        reached = true;
        if (r.review.step?.urgent) urgent = true;
      }
    }
    const cases = desk.cases.size;
    const bySubject = new Map<string, number>();
    for (const k of desk.cases.values()) bySubject.set(`${k.subject.kind}:${k.subject.id}`, (bySubject.get(`${k.subject.kind}:${k.subject.id}`) ?? 0) + 1);
    maxOpen = Math.max(maxOpen, ...bySubject.values(), 0);
    if (cases > 0) {
      casesTotal += cases;
      withCases++;
    }
    if (c.label === 'benign') {
      benign++;
      if (reached) {
        benignOpened++;
        errors.push(`  benign conversation in review  ${c.id} (${c.category})`);
      }
    } else {
      harmful++;
      if (reached) harmfulReached++;
      else errors.push(`  missed ${c.label.padEnd(10)}  ${c.id} (${c.category})`);
      if (c.label === 'sextortion') {
        sextortion++;
        if (urgent) sextortionUrgent++;
        else if (reached) errors.push(`  sextortion not urgent     ${c.id}`);
      }
    }
  }
  return {
    posts: posts.length,
    postsOpened,
    benign,
    benignOpened,
    harmful,
    harmfulReached,
    sextortion,
    sextortionUrgent,
    casesPerConversation: withCases === 0 ? 0 : casesTotal / withCases,
    maxOpenPerConversation: maxOpen,
    errors,
  };
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}

export function printCases(name: string, f: CaseFigures, showErrors: boolean): void {
  const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
  console.log(`\n${name}: case opening`);
  console.log(`  grooming/sextortion conversations reaching review  ${f.harmfulReached}/${f.harmful}  ${pct(f.harmfulReached, f.harmful)}`);
  console.log(`  sextortion conversations urgent                     ${f.sextortionUrgent}/${f.sextortion}`);
  console.log(`  benign conversations opening a case                 ${f.benignOpened}/${f.benign}  ${pct(f.benignOpened, f.benign)}`);
  console.log(`  hard-negative public posts opening a case           ${f.postsOpened}/${f.posts}  ${pct(f.postsOpened, f.posts)}`);
  console.log(
    `  cases per conversation with a case                  ${f.casesPerConversation.toFixed(2)} (most open cases on one subject: ${f.maxOpenPerConversation})`,
  );
  if (showErrors && f.errors.length > 0) console.log(f.errors.join('\n'));
}
