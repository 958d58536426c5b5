// Text-signal throughput on one core: posts per second through normalisation, link
// extraction and every default rule, plus a 10,000-term operator list of generated
// placeholder terms. The corpus is generated (seeded) with post lengths like those of
// social posts: mostly short, a tail of long ones; some posts carry rule phrases, links,
// obfuscation or full-width text. Target: at least 20,000 posts/s.
//
//   npm run bench:text [-- --posts 20000 --seconds 3]
import { parseArgs } from 'node:util';
import { extractLinks } from '../src/detect/links/extract.js';
import { compileRules, createTextEngine, DEFAULT_RULES, normalise, termListFromArray } from '../src/detect/text/index.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '3' },
    terms: { type: 'string', default: '10000' },
  },
});
const POSTS = Number(values.posts);
const SECONDS = Number(values.seconds);
const TERMS = Number(values.terms);

// Seeded PRNG (mulberry32) so runs compare.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const WORDS = (
  'the a and to of in is it you that for on was with as i be at this have from or one had by but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part ' +
  'le la les un une des et est dans pour pas que qui sur avec ce il elle on nous vous ils être avoir faire dire aller voir savoir pouvoir vouloir venir temps jour ville monde vie main travail maison école match film musique photo soir demain hier'
).split(' ');
const PHRASES = [
  'how old are you',
  'add me on snap',
  'keep it secret',
  'send me a pic of you',
  'where do you live',
  "t'as quel âge",
  'ne dis rien à tes parents',
  'je peux t envoyer des robux',
  'tu habites où',
  'pay me on cash app',
  'as a parent',
  'the court heard',
];
const LINKS = [
  'https://www.example.com/path/to/page?x=1',
  'example[.]org/a',
  'bit.ly/3xYz',
  'ｅｘａｍｐｌｅ．ｃｏｍ',
  'shop.example.co.uk/item/42',
  'hxxps://example[.]net',
];

function syllables(n: number): string {
  const s = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'da', 'qua', 'sho', 'fen', 'gri', 'bol'];
  let out = '';
  for (let i = 0; i < n; i++) out += pick(s);
  return out;
}

function post(): string {
  // Length in words: most posts short, a long tail (about 5-120 words).
  const words = Math.max(3, Math.round(Math.exp(2.6 + random() * 1.6) - 8));
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(pick(WORDS));
  if (random() < 0.08) parts.splice(Math.floor(random() * parts.length), 0, pick(PHRASES));
  if (random() < 0.12) parts.splice(Math.floor(random() * parts.length), 0, pick(LINKS));
  if (random() < 0.03) parts.splice(Math.floor(random() * parts.length), 0, `placeholder${syllables(2)}`);
  let text = parts.join(' ');
  if (random() < 0.3) text = text[0]!.toUpperCase() + text.slice(1) + pick(['.', '!', '?', ' :)', '...']);
  if (random() < 0.02) text = text.replace(/o/g, '0').replace(/e/g, '3');
  return text;
}

const corpus = Array.from({ length: POSTS }, post);
const chars = corpus.reduce((n, p) => n + p.length, 0);
const terms = Array.from({ length: TERMS }, (_, i) => `placeholder${syllables(2 + (i % 3))}${i}`);

const compileStart = performance.now();
const rules = compileRules(DEFAULT_RULES, [termListFromArray('operator.solicitation', terms)]);
const compileMs = performance.now() - compileStart;
const engine = createTextEngine({ rules });

interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Posts per wall-clock second, and per CPU second of this process (user + system, all
 * threads, so garbage collection counts). On a shared machine the CPU figure is the one
 * that says what one core does; the wall figure says what this run got.
 */
function measure(label: string, fn: (text: string) => unknown): Rate {
  for (let i = 0; i < Math.min(2000, corpus.length); i++) fn(corpus[i]!); // warm up
  let n = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = started + SECONDS * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) fn(corpus[(n + i) % corpus.length]!);
    n += 1000;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = { wall: n / wallSeconds, cpu: n / cpuSeconds };
  const f = (x: number) => Math.round(x).toLocaleString('en').padStart(9);
  console.log(`${label.padEnd(46)} ${f(rate.wall)} posts/s wall  ${f(rate.cpu)} posts/CPU-s`);
  return rate;
}

console.log(`corpus: ${corpus.length.toLocaleString('en')} posts, mean ${(chars / corpus.length).toFixed(0)} characters`);
console.log(
  `rules: ${rules.rules.length} rules, ${rules.contexts.length} contexts, ${rules.termCount.toLocaleString('en')} phrases and terms in one automaton (${rules.automaton.stateCount.toLocaleString('en')} states), compiled in ${compileMs.toFixed(0)} ms`,
);
console.log(`one core, node ${process.version}; figures are taken on a shared machine\n`);
if (!process.env.BENCH_FULL_ONLY) measure('normalise only', (t) => normalise(t));
if (!process.env.BENCH_FULL_ONLY) measure('link extraction only', (t) => extractLinks(t));
const full = measure('full evaluation (normalise, links, all rules)', (t) => engine.evaluate({ text: t }));
const load = (await import('node:os')).loadavg()[0]!;
console.log(`\nload average during the run: ${load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`);
console.log(
  `target 20,000 posts/s per core: ${full.cpu >= 20_000 ? 'met' : 'NOT met'} (per CPU second), ${full.wall >= 20_000 ? 'met' : 'not met'} (wall clock)`,
);
