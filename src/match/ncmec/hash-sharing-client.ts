// Client for NCMEC's hash-sharing API (18 U.S.C. § 2258C; legal.md §7.1), behind an
// interface so that the fetch worker can be tested against a fake. This is the edge:
// it does network I/O through an injected fetch; the parsing it calls is pure.
//
// Endpoints used (relative to the environment's base URL, HTTP Basic auth):
//   GET {base}/v2/status                         who we are
//   GET {base}/v2/members                        the members (ESPs) sharing
//   GET {base}/v2/entries?from=ISO&to=ISO        one page of updates in a time range
//   GET {base}{next}                             the following page, from <paging><next>
// No retries here: a failed page throws and the caller retries the whole time window,
// which is safe because applying updates is idempotent. Feedback (votes) is not
// implemented yet. See docs/matching.md for what is unverified.

import { parseXml } from './xml.js';
import { readEntriesPage, readMembers, readStatus, type NcmecEntriesPage, type NcmecMember } from './entries.js';

/** Environments as python-threatexchange names them; confirm with NCMEC before use. */
export const NCMEC_ENVIRONMENTS = {
  industry: 'https://report.cybertip.org/hashsharing',
  ngo: 'https://hashsharing.ncmec.org/npo',
  exploitative: 'https://hashsharing.ncmec.org/exploitative',
  testIndustry: 'https://exttest.cybertip.org/hashsharing',
  testNgo: 'https://hashsharing-test.ncmec.org/npo',
  testExploitative: 'https://hashsharing-test.ncmec.org/exploitative',
} as const;

export interface NcmecHashSharing {
  status(): Promise<NcmecMember>;
  members(): Promise<NcmecMember[]>;
  /** First page of updates in [from, to], or the page named by a previous page's `next`. */
  entries(query: { from: Date; to: Date } | { next: string }): Promise<NcmecEntriesPage>;
}

export interface NcmecClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class NcmecHttpError extends Error {
  override name = 'NcmecHttpError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class NcmecHashSharingClient implements NcmecHashSharing {
  private readonly base: string;
  private readonly auth: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: NcmecClientOptions) {
    if (!options.username || !options.password) throw new Error('NCMEC hash sharing needs a username and a password');
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
      throw new Error('NCMEC hash sharing needs https (plain http only to a local fake)');
    }
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async status(): Promise<NcmecMember> {
    return readStatus(parseXml(await this.get('/v2/status')));
  }

  async members(): Promise<NcmecMember[]> {
    return readMembers(parseXml(await this.get('/v2/members')));
  }

  async entries(query: { from: Date; to: Date } | { next: string }): Promise<NcmecEntriesPage> {
    let path: string;
    if ('next' in query) {
      // The next link is a path under the base; refuse anything that would leave it.
      if (!query.next.startsWith('/') || query.next.startsWith('//')) {
        throw new Error(`NCMEC next link is not a path: ${JSON.stringify(query.next.slice(0, 100))}`);
      }
      path = query.next;
    } else {
      const params = new URLSearchParams({ from: query.from.toISOString(), to: query.to.toISOString() });
      path = `/v2/entries?${params}`;
    }
    return readEntriesPage(parseXml(await this.get(path)));
  }

  private async get(path: string): Promise<string> {
    const url = `${this.base}${path}`;
    const res = await this.fetchFn(url, {
      headers: { authorization: this.auth, accept: 'application/xml' },
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: 'error',
    });
    const body = await res.text();
    if (!res.ok) {
      throw new NcmecHttpError(`NCMEC ${path.split('?')[0]} answered ${res.status}: ${body.slice(0, 200)}`, res.status);
    }
    return body;
  }
}

/** Every page of updates in [from, to], following `next` links until there are none. */
export async function* ncmecEntriesInRange(client: NcmecHashSharing, from: Date, to: Date): AsyncGenerator<NcmecEntriesPage> {
  let page = await client.entries({ from, to });
  yield page;
  const seen = new Set<string>();
  while (page.next) {
    if (seen.has(page.next)) throw new Error(`NCMEC paging repeats ${page.next}`);
    seen.add(page.next);
    page = await client.entries({ next: page.next });
    yield page;
  }
}
