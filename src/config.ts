// Configuration from the environment, overridden by command-line flags. Secrets are read
// here and never logged: `describeConfig` is what a log line may show.
import { resolve } from 'node:path';
import { urlBankSources, type UrlBankSource } from './detect/links/bank-sources.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Largest request body accepted, in bytes (media come inline as base64 or as multipart parts). */
  bodyLimit: number;
  /** Largest single media item, in bytes. */
  mediaLimit: number;
  /** Requests per minute per API key, and per client address for unauthenticated routes. */
  rateLimitPerKey: number;
  rateLimitPerIp: number;
  /** Mark session cookies Secure (off only for plain-HTTP local development). */
  secureCookies: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: string;
  /** An operator's text rules file (JSON); without one the default rules apply. Reloaded on change. */
  textRulesPath: string | undefined;
  /** Term lists the rules file names, as name -> file. */
  textTermLists: Record<string, string>;
  /** URL banks links are looked up on at ingest; reloaded with the text rules. */
  urlBanks: UrlBankSource[];
  /** Act on a match with a verified bank without waiting for a person (the policy allows it; an operator may not). */
  autoActionVerifiedBanks: boolean;
  /** Where account holders appeal; notices point there. */
  appealUrl: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const sync = (process.env.VIGIE_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('VIGIE_SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  const config: Config = {
    host: process.env.VIGIE_HOST ?? '127.0.0.1',
    port: int('VIGIE_PORT', 8080),
    dataDir: resolve(process.env.VIGIE_DATA ?? './data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    sqliteSynchronous: sync,
    bodyLimit: int('VIGIE_BODY_LIMIT', 50 * 1024 * 1024),
    mediaLimit: int('VIGIE_MEDIA_LIMIT', 32 * 1024 * 1024),
    rateLimitPerKey: int('VIGIE_RATE_LIMIT_PER_KEY', 600_000),
    rateLimitPerIp: int('VIGIE_RATE_LIMIT_PER_IP', 600),
    secureCookies: (process.env.VIGIE_SECURE_COOKIES ?? 'true') !== 'false',
    trustProxy: process.env.VIGIE_TRUST_PROXY === 'true',
    logLevel: process.env.VIGIE_LOG_LEVEL ?? 'info',
    textRulesPath: process.env.VIGIE_TEXT_RULES || undefined,
    textTermLists: parseTermLists(process.env.VIGIE_TEXT_TERMS ?? ''),
    urlBanks: urlBankSources(process.env.VIGIE_URL_BANKS ?? '', new Set(splitList(process.env.VIGIE_URL_BANKS_VERIFIED ?? ''))).map((b) => ({ ...b, path: resolve(b.path) })),
    autoActionVerifiedBanks: (process.env.VIGIE_AUTO_ACTION_VERIFIED_BANKS ?? 'true') !== 'false',
    appealUrl: process.env.VIGIE_APPEAL_URL ?? '/appeal',
    ...stripUndefined(overrides),
  };
  if (overrides.dataDir) config.dataDir = resolve(overrides.dataDir);
  return config;
}

function splitList(raw: string): string[] {
  return raw.split(',').map((p) => p.trim()).filter(Boolean);
}

/** "name=path,name2=path2" */
function parseTermLists(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`VIGIE_TEXT_TERMS entries are name=path, got "${part}"`);
    out[part.slice(0, eq)] = resolve(part.slice(eq + 1));
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function describeConfig(c: Config): Record<string, unknown> {
  return {
    host: c.host,
    port: c.port,
    dataDir: c.dataDir,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : 'sqlite (embedded)',
    sqliteSynchronous: c.sqliteSynchronous,
    urlBanks: c.urlBanks.map((b) => `${b.name}${b.verified ? ' (verified)' : ''}`),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
