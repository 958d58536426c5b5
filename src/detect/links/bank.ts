// URL banks: named lists of known URLs with their provenance, looked up by Safe Browsing
// expressions. Entries are stored in canonical expression form ("host/path[?query]"),
// so that a page entry, a directory entry ("host/dir/") and a whole-domain entry
// ("host/") are all found by one set lookup per expression.
import { createHash } from 'node:crypto';
import { canonicalizeUrl, type CanonicalUrl } from './canonicalize.js';
import { urlExpressions } from './expressions.js';

/**
 * plain:  one URL per line, scheme optional; "#" starts a comment line.
 * iwf:    the IWF URL List as members receive it. IWF does not publish the format, so this
 *         reader is deliberately tolerant: one scheme-less URL per line, or CSV/TSV whose
 *         "url" column (or, without a header, first column) holds the URL; a leading "*."
 *         marks a whole-domain entry. Check it against your own copy before relying on it.
 * sha256: one lower- or upper-case hex SHA-256 of a canonical expression per line, for
 *         lists shared only as hashes.
 */
export type UrlListFormat = 'plain' | 'iwf' | 'sha256';

export interface UrlListProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedUrlList {
  readonly expressions: readonly string[];
  readonly hashes: readonly string[];
  readonly problems: readonly UrlListProblem[];
}

export interface UrlBankMatch {
  readonly bank: string;
  readonly provenance: string | undefined;
  /** The operator vouches for this bank's entries (an IWF or hotline list): the policy may act on a match. */
  readonly verified: boolean;
  /** The expression that matched, e.g. "example.com/" for a whole-domain entry. */
  readonly expression: string;
}

/** Turns one list entry into its canonical expression. */
export function entryExpression(entry: string): string {
  const c = canonicalizeUrl(entry);
  return expressionOf(c);
}

function expressionOf(c: CanonicalUrl): string {
  return `${c.host}${c.path}${c.query === undefined ? '' : '?' + c.query}`;
}

function splitFields(line: string): string[] {
  // Quoted CSV fields are rare in URL lists; a quote pair around a field is removed.
  const sep = line.includes('\t') ? '\t' : ',';
  return line.split(sep).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

export function parseUrlList(text: string, format: UrlListFormat): ParsedUrlList {
  const expressions: string[] = [];
  const hashes: string[] = [];
  const problems: UrlListProblem[] = [];
  const lines = text.split(/\r?\n/);
  let urlColumn = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const n = index + 1;
    if (line === '' || line.startsWith('#')) return;
    try {
      if (format === 'sha256') {
        if (!/^[0-9a-fA-F]{64}$/.test(line)) throw new Error('not a 64-digit hex SHA-256');
        hashes.push(line.toLowerCase());
        return;
      }
      let entry = line;
      if (format === 'iwf') {
        const fields = splitFields(line);
        if (fields.length > 1 || /^url$/i.test(fields[0] ?? '')) {
          const header = fields.findIndex((f) => /^url$/i.test(f));
          if (header >= 0) {
            urlColumn = header;
            return;
          }
        }
        entry = fields[urlColumn] ?? '';
        if (entry.startsWith('*.')) entry = entry.slice(2);
      }
      if (entry === '') throw new Error('empty entry');
      expressions.push(entryExpression(entry));
    } catch (err) {
      problems.push({ line: n, message: err instanceof Error ? err.message : String(err) });
    }
  });
  return { expressions, hashes, problems };
}

export interface UrlBankOptions {
  readonly name: string;
  readonly provenance?: string | undefined;
  readonly verified?: boolean;
  readonly expressions?: Iterable<string>;
  readonly hashes?: Iterable<string>;
}

export class UrlBank {
  readonly name: string;
  readonly provenance: string | undefined;
  readonly verified: boolean;
  private readonly expressions: ReadonlySet<string>;
  private readonly hashes: ReadonlySet<string>;

  constructor(options: UrlBankOptions) {
    this.name = options.name;
    this.provenance = options.provenance;
    this.verified = options.verified ?? false;
    this.expressions = new Set(options.expressions ?? []);
    this.hashes = new Set(Array.from(options.hashes ?? [], (h) => h.toLowerCase()));
  }

  static fromList(
    name: string,
    text: string,
    format: UrlListFormat,
    provenance?: string,
    verified = false,
  ): { bank: UrlBank; problems: readonly UrlListProblem[] } {
    const parsed = parseUrlList(text, format);
    const bank = new UrlBank({ name, provenance, verified, expressions: parsed.expressions, hashes: parsed.hashes });
    return { bank, problems: parsed.problems };
  }

  get size(): number {
    return this.expressions.size + this.hashes.size;
  }

  /** Every expression of the URL found in this bank (usually none or one). */
  lookup(url: CanonicalUrl): UrlBankMatch[] {
    const out: UrlBankMatch[] = [];
    for (const expression of urlExpressions(url)) {
      if (this.expressions.has(expression) || (this.hashes.size > 0 && this.hashes.has(sha256(expression)))) {
        out.push({ bank: this.name, provenance: this.provenance, verified: this.verified, expression });
      }
    }
    return out;
  }
}

export function sha256(expression: string): string {
  return createHash('sha256').update(expression, 'latin1').digest('hex');
}
