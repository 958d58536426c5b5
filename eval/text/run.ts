// Evaluates text rules on the labelled, non-graphic sets in this folder and prints
// precision and recall per family, for the development split (used while writing the
// default rules) and the held-out split (written before the rules, not used to tune them).
//
//   npm run eval:text                      default rules
//   npm run eval:text -- --rules my.json   an operator rules file
//   npm run eval:text -- --errors          also list every miss and false alarm
//   npm run eval:text -- --split dev       one split only (dev or holdout)
//
// A family counts as predicted for a message when a text signal of that family has a
// strength of at least --threshold (default 0.2) after context adjustment.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileRules, createTextEngine, DEFAULT_FAMILIES, DEFAULT_RULES } from '../../src/detect/text/index.js';
import { evaluateCases, printCases } from './cases.js';

interface Example {
  readonly id: string;
  readonly lang: string;
  readonly text: string;
  readonly families: readonly string[];
  readonly category?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    rules: { type: 'string' },
    threshold: { type: 'string', default: '0.2' },
    errors: { type: 'boolean', default: false },
    split: { type: 'string', default: 'both' },
  },
});
const threshold = Number(values.threshold);
const rules = compileRules(values.rules ? JSON.parse(readFileSync(values.rules, 'utf8')) : DEFAULT_RULES);
const engine = createTextEngine({ rules });

function load(name: string): Example[] {
  return readFileSync(join(here, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Example);
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function pct(n: number, d: number): string {
  return d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

function evaluate(name: string, examples: readonly Example[]): void {
  const perFamily = new Map<string, Counts>(DEFAULT_FAMILIES.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  const negatives = new Map<string, { n: number; flagged: number }>();
  const errors: string[] = [];
  for (const ex of examples) {
    const result = engine.evaluate({ text: ex.text, lang: ex.lang });
    const predicted = new Set(result.signals.filter((s) => s.source === 'text' && s.strength >= threshold).map((s) => s.family));
    for (const [family, c] of perFamily) {
      const truth = ex.families.includes(family);
      const pred = predicted.has(family);
      if (truth && pred) c.tp++;
      else if (!truth && pred) {
        c.fp++;
        errors.push(`  false alarm ${family.padEnd(20)} ${ex.id}: ${ex.text}`);
      } else if (truth && !pred) {
        c.fn++;
        errors.push(`  miss        ${family.padEnd(20)} ${ex.id}: ${ex.text}`);
      }
    }
    if (ex.families.length === 0) {
      const cat = ex.category ?? 'other';
      const n = negatives.get(cat) ?? { n: 0, flagged: 0 };
      n.n++;
      if ([...predicted].some((f) => (DEFAULT_FAMILIES as readonly string[]).includes(f))) n.flagged++;
      negatives.set(cat, n);
    }
  }
  const positives = examples.filter((e) => e.families.length > 0).length;
  console.log(`\n${name}: ${examples.length} messages (${positives} positive, ${examples.length - positives} negative), threshold ${threshold}`);
  console.log('  family                precision   recall    tp  fp  fn');
  let all: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const [family, c] of perFamily) {
    all = { tp: all.tp + c.tp, fp: all.fp + c.fp, fn: all.fn + c.fn };
    console.log(
      `  ${family.padEnd(20)}  ${pct(c.tp, c.tp + c.fp)}    ${pct(c.tp, c.tp + c.fn)}  ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}`,
    );
  }
  console.log(
    `  ${'(micro average)'.padEnd(20)}  ${pct(all.tp, all.tp + all.fp)}    ${pct(all.tp, all.tp + all.fn)}  ${String(all.tp).padStart(3)} ${String(all.fp).padStart(3)} ${String(all.fn).padStart(3)}`,
  );
  console.log('  negatives flagged by category:');
  for (const [cat, n] of [...negatives].sort()) console.log(`    ${cat.padEnd(14)} ${n.flagged}/${n.n}`);
  if (values.errors && errors.length > 0) console.log(errors.join('\n'));
}

if (values.split !== 'holdout') evaluate('development split (dev.jsonl)', load('dev.jsonl'));
if (values.split !== 'dev') evaluate('held-out split (holdout.jsonl)', load('holdout.jsonl'));

// Case opening: conversations and public posts, through the same path as ingest.
const caseEngine = createTextEngine({ rules, reportLinks: false });
if (values.split !== 'holdout')
  printCases(
    'development split',
    evaluateCases(() => caseEngine, here, 'dev'),
    values.errors,
  );
if (values.split !== 'dev')
  printCases(
    'held-out split',
    evaluateCases(() => caseEngine, here, 'holdout'),
    values.errors,
  );
