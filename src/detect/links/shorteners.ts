// Known link-shortener domains. A shortened link hides where it points, so it is flagged
// for reviewers and is the only kind of link the optional expander may follow. Operators
// can extend the list; a host matches when it is, or is under, one of these domains.
export const KNOWN_SHORTENERS: readonly string[] = [
  '1url.com',
  'adf.ly',
  'amzn.to',
  'bc.vc',
  'bit.do',
  'bit.ly',
  'bitly.com',
  'bl.ink',
  'buff.ly',
  'clck.ru',
  'cli.re',
  'cutt.ly',
  'cutt.us',
  'db.tt',
  'dlvr.it',
  'fb.me',
  'goo.gl',
  'gg.gg',
  'is.gd',
  'j.mp',
  'lnkd.in',
  'ow.ly',
  'po.st',
  'qr.ae',
  'rb.gy',
  'rebrand.ly',
  's.id',
  'short.gy',
  'shorte.st',
  'shorturl.at',
  'snip.ly',
  'soo.gd',
  't.co',
  't.ly',
  'tiny.cc',
  'tinyurl.com',
  'tr.im',
  'trib.al',
  'u.to',
  'v.gd',
  'x.co',
  'y2u.be',
  'zpr.io',
];

export class ShortenerList {
  private readonly domains: ReadonlySet<string>;

  constructor(domains: Iterable<string> = KNOWN_SHORTENERS) {
    this.domains = new Set(
      Array.from(domains, (d) =>
        d
          .trim()
          .toLowerCase()
          .replace(/^\.+|\.+$/g, ''),
      ),
    );
  }

  /** True when the host is a listed domain or a subdomain of one. */
  has(host: string): boolean {
    let h = host.toLowerCase();
    for (;;) {
      if (this.domains.has(h)) return true;
      const dot = h.indexOf('.');
      if (dot < 0) return false;
      h = h.slice(dot + 1);
    }
  }

  with(more: Iterable<string>): ShortenerList {
    return new ShortenerList([...this.domains, ...more]);
  }
}
