// One link finding per link in a text: where it is, what it canonicalises to, its
// registrable domain, whether a known shortener hides its target, and which URL banks
// hold it. Pure: the banks and the shortener list are values handed in.
import type { UrlBank, UrlBankMatch } from './bank.js';
import { domainInfo } from './domain.js';
import { extractLinks, type Span } from './extract.js';
import { ShortenerList } from './shorteners.js';

export interface LinkFinding {
  readonly raw: string;
  readonly span: Span;
  /** Safe Browsing canonical form. */
  readonly url: string;
  readonly host: string;
  readonly registrableDomain: string | undefined;
  readonly obfuscated: boolean;
  readonly shortener: boolean;
  readonly bankMatches: readonly UrlBankMatch[];
}

export interface LinkScannerOptions {
  readonly banks?: readonly UrlBank[];
  readonly shorteners?: ShortenerList;
  readonly maxLinks?: number;
}

export class LinkScanner {
  private readonly banks: readonly UrlBank[];
  private readonly shorteners: ShortenerList;
  private readonly maxLinks: number;

  constructor(options: LinkScannerOptions = {}) {
    this.banks = options.banks ?? [];
    this.shorteners = options.shorteners ?? new ShortenerList();
    this.maxLinks = options.maxLinks ?? 64;
  }

  get hasBanks(): boolean {
    return this.banks.length > 0;
  }

  scan(text: string): LinkFinding[] {
    return extractLinks(text, { maxLinks: this.maxLinks }).map((link) => {
      const c = link.canonical;
      const info = c.hostIsIp ? undefined : domainInfo(c.host);
      return {
        raw: link.raw,
        span: link.span,
        url: c.url,
        host: c.host,
        registrableDomain: info?.registrableDomain,
        obfuscated: link.obfuscated,
        shortener: !c.hostIsIp && this.shorteners.has(c.host),
        bankMatches: this.banks.flatMap((b) => b.lookup(c)),
      };
    });
  }
}
