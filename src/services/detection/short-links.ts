// Optional expansion of shortened links, at the edge (network I/O). Off by default.
//
// Safety rules (signals.md §6.3-6.4):
// - only hosts on the known-shortener list are ever contacted; the first hop that leaves
//   the list is recorded and NOT requested, so the content behind a link is never fetched;
// - HEAD requests only, and the response is dropped unread;
// - http and https only, on an allowlist of ports (80 and 443 by default);
// - the host is resolved first (resolver injectable) and EVERY address must be public
//   unicast (classifyAddress); the connection is pinned to the checked address, so a DNS
//   answer that changes between check and connect (rebinding) cannot redirect it;
// - redirects are not followed automatically: each Location is re-checked as a new hop;
// - bounded hops and time.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress } from '../../detect/links/address.js';
import { canonicalizeUrl } from '../../detect/links/canonicalize.js';
import { ShortenerList } from '../../detect/links/shorteners.js';

/** Resolves a host name to its IP addresses. Injected so tests and operators can control DNS. */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

export const systemResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface HopResult {
  readonly status: number;
  readonly location: string | undefined;
}

/** Makes one HEAD request for a URL and reports its status and Location. */
export type Hop = (url: URL) => Promise<HopResult>;

export type RefusalReason = 'scheme' | 'port' | 'address-not-public' | 'resolve-failed';

export class ExpansionRefused extends Error {
  override readonly name = 'ExpansionRefused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly address?: string,
    readonly range?: string,
  ) {
    super(message);
  }
}

export interface SafeHeadOptions {
  readonly resolver?: Resolver;
  /** Ports that may be contacted (default 80 and 443). */
  readonly ports?: readonly number[];
  readonly timeoutMs?: number;
}

/** The guarded hop: scheme, port and resolved-address checks, then a pinned HEAD request. */
export function safeHead(options: SafeHeadOptions = {}): Hop {
  const resolver = options.resolver ?? systemResolver;
  const ports = new Set(options.ports ?? [80, 443]);
  const timeoutMs = options.timeoutMs ?? 3000;
  return async (url) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ExpansionRefused('scheme', `scheme ${url.protocol} is not allowed`);
    }
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (!ports.has(port)) throw new ExpansionRefused('port', `port ${port} is not allowed`);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: readonly string[];
    if (isIP(hostname)) addresses = [hostname];
    else {
      try {
        addresses = await withTimeout(resolver(hostname), timeoutMs);
      } catch (err) {
        throw new ExpansionRefused('resolve-failed', `cannot resolve ${hostname}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (addresses.length === 0) throw new ExpansionRefused('resolve-failed', `no address for ${hostname}`);
    // One non-public answer refuses the host: a name that resolves to both a public and
    // an internal address is an attack, not an accident.
    for (const address of addresses) {
      const verdict = classifyAddress(address);
      if (!verdict.public) {
        throw new ExpansionRefused('address-not-public', `${hostname} resolves to ${address} (${verdict.range})`, address, verdict.range);
      }
    }
    return headOnce(url, addresses[0]!, timeoutMs);
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * One HEAD request to `url`, connecting to `address` whatever DNS says now. No checks:
 * callers outside tests use safeHead, which checks the address first.
 */
export function headOnce(url: URL, address: string, timeoutMs: number): Promise<HopResult> {
  const family = isIP(address) === 6 ? 6 : 4;
  const pinned = ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<HopResult>((resolve, reject) => {
    const req = client.request(url, {
      method: 'HEAD',
      agent: false,
      lookup: pinned,
      timeout: timeoutMs,
      headers: { 'user-agent': 'vigie-link-expander', accept: '*/*' },
    });
    req.on('response', (res) => {
      const location = res.headers.location;
      // Nothing is read: a HEAD response has no body, and we would not want one.
      res.destroy();
      resolve({ status: res.statusCode ?? 0, location: typeof location === 'string' ? location : undefined });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface ExpansionHop {
  /** The URL requested. */
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
}

export interface Expansion {
  readonly start: string;
  /** Every request made, in order: the redirect chain kept as evidence. */
  readonly hops: readonly ExpansionHop[];
  /** Where the chain points (canonical form), when known. Never requested unless a shortener. */
  readonly final: string | undefined;
  readonly stopped: 'not-a-shortener' | 'left-shorteners' | 'no-redirect' | 'max-hops' | 'timeout' | 'refused' | 'error';
  readonly refused?: { readonly reason: RefusalReason; readonly address?: string; readonly range?: string };
  readonly error?: string;
}

export interface ExpandOptions {
  /** The hop function; defaults to safeHead() with the system resolver. */
  readonly hop?: Hop;
  readonly shorteners?: ShortenerList;
  readonly maxHops?: number;
  readonly totalTimeoutMs?: number;
  /** Time source for the total budget (injected; defaults to performance.now). */
  readonly now?: () => number;
}

/** Follows a shortened link through shortener hosts only, recording each hop. */
export async function expandShortLink(link: string, options: ExpandOptions = {}): Promise<Expansion> {
  const hop = options.hop ?? safeHead();
  const shorteners = options.shorteners ?? new ShortenerList();
  const maxHops = options.maxHops ?? 4;
  const totalTimeoutMs = options.totalTimeoutMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const hops: ExpansionHop[] = [];
  let current: URL;
  try {
    current = new URL(/^https?:\/\//i.test(link) ? link : `http://${link}`);
  } catch {
    return { start: link, hops, final: undefined, stopped: 'error', error: 'not a URL' };
  }
  const start = current.href;
  if (!shorteners.has(current.hostname)) return { start, hops, final: canonical(current), stopped: 'not-a-shortener' };
  for (let n = 0; n < maxHops; n++) {
    if (now() - started > totalTimeoutMs) return { start, hops, final: canonical(current), stopped: 'timeout' };
    let result: HopResult;
    try {
      result = await hop(current);
    } catch (err) {
      if (err instanceof ExpansionRefused) {
        return {
          start,
          hops,
          final: undefined,
          stopped: 'refused',
          refused: { reason: err.reason, address: err.address, range: err.range },
          error: err.message,
        };
      }
      return { start, hops, final: undefined, stopped: 'error', error: err instanceof Error ? err.message : String(err) };
    }
    hops.push({ url: current.href, status: result.status, location: result.location });
    if (result.status < 300 || result.status >= 400 || !result.location) {
      return { start, hops, final: canonical(current), stopped: 'no-redirect' };
    }
    let next: URL;
    try {
      next = new URL(result.location, current);
    } catch {
      return { start, hops, final: undefined, stopped: 'error', error: `bad Location ${JSON.stringify(result.location)}` };
    }
    if (!shorteners.has(next.hostname)) return { start, hops, final: canonical(next), stopped: 'left-shorteners' };
    current = next;
  }
  return { start, hops, final: canonical(current), stopped: 'max-hops' };
}

function canonical(url: URL): string | undefined {
  try {
    return canonicalizeUrl(url.href).url;
  } catch {
    return undefined;
  }
}
