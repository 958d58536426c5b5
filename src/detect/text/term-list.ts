// Operator term lists: plain text, one term or phrase per line, "#" starts a comment line.
// A term matches whole words of the normalised text; "term*" also matches words that
// start with it and "*term" words that end with it. vigie ships no such list: operators
// load their own (from the IWF or their own trust and safety work).
import { normalise } from './normalize.js';

export interface Term {
  /** Normalised text, as matched. */
  readonly text: string;
  readonly left: boolean;
  readonly right: boolean;
  /** Line number in the source (1-based), for errors and evidence. */
  readonly line: number;
}

export interface TermListProblem {
  readonly line: number;
  readonly message: string;
}

export interface TermList {
  readonly name: string;
  readonly terms: readonly Term[];
  readonly problems: readonly TermListProblem[];
}

export const MAX_TERM_LENGTH = 200;

/** Parses one term (already trimmed), or throws with a reason. */
export function parseTerm(raw: string, line = 0): Term {
  let s = raw;
  let left = true;
  let right = true;
  if (s.startsWith('*')) {
    left = false;
    s = s.slice(1);
  }
  if (s.endsWith('*')) {
    right = false;
    s = s.slice(0, -1);
  }
  if (s.length > MAX_TERM_LENGTH) throw new Error(`longer than ${MAX_TERM_LENGTH} characters`);
  const text = normalise(s).text;
  if (text === '') throw new Error('nothing left to match after normalisation');
  return { text, left, right, line };
}

export function parseTermList(name: string, source: string): TermList {
  const terms: Term[] = [];
  const problems: TermListProblem[] = [];
  const seen = new Set<string>();
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      const term = parseTerm(line, index + 1);
      const key = `${term.left ? '' : '*'}${term.text}${term.right ? '' : '*'}`;
      if (seen.has(key)) return;
      seen.add(key);
      terms.push(term);
    } catch (err) {
      problems.push({ line: index + 1, message: err instanceof Error ? err.message : String(err) });
    }
  });
  return { name, terms, problems };
}

/** A term list from values in memory (tests, inline lists in a rules file). */
export function termListFromArray(name: string, entries: readonly string[]): TermList {
  return parseTermList(name, entries.join('\n'));
}
