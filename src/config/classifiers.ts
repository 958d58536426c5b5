// The classifier section of the configuration, read from the environment by loadConfig
// (config.ts hands the variables in; nothing here reads process.env). Nothing is enabled
// unless VIGIE_CLASSIFIERS names it: no media, text or link leaves vigie for a provider the
// operator did not list. Per provider P (GOOGLE_CONTENT_SAFETY, PHOTODNA, ARACHNID_SHIELD,
// SAFER, HIVE, OPENAI_MODERATION), VIGIE_CLASSIFIER_<P>_<SETTING>; see docs/classifiers.md.
import { z } from 'zod';
import { attemptsToSpan } from '../enforcement/webhooks/schedule.js';
import {
  CLASSIFIER_PROVIDERS,
  DEFAULT_BASE_URLS,
  DEFAULT_HIVE_CLASSES,
  isClassifierProvider,
  type ClassifierCredentials,
  type ClassifierProvider,
  type HiveClasses,
} from '../detect/classifiers/index.js';

export interface ProviderConfig {
  baseUrl: string;
  timeoutMs: number;
  /** Calls a second, in each process. */
  ratePerSecond: number;
  /** Calls a UTC day, across every process (counted in the database). */
  dailyBudget: number;
  reviewAt: number;
  /** Unset: this provider never acts, it only asks for review. */
  actAt: number | null;
}

export interface ClassifiersConfig {
  enabled: ClassifierProvider[];
  providers: Record<ClassifierProvider, ProviderConfig>;
  hive: HiveClasses;
  /** Failed calls in a row that open a provider's breaker (per process), and how long it stays open. */
  breakerFailures: number;
  breakerCooldownMs: number;
  /** Attempts of one classification job before it goes dead. */
  maxAttempts: number;
}

export type ClassifierSecrets = Partial<Record<ClassifierProvider, ClassifierCredentials>>;

/** Each provider's documented rate where one is published (signals.md §7), a modest one otherwise. */
const DEFAULT_RATES: Record<ClassifierProvider, number> = {
  'google-content-safety': 20,
  photodna: 5,
  'arachnid-shield': 5,
  safer: 5,
  hive: 5,
  'openai-moderation': 5,
};

/** Below these a finding raises no signal: a Google MEDIUM, a Hive or OpenAI score of one half. */
const DEFAULT_REVIEW_AT: Record<ClassifierProvider, number> = {
  'google-content-safety': 0.5,
  photodna: 0.5,
  'arachnid-shield': 0.5,
  safer: 0.5,
  hive: 0.5,
  'openai-moderation': 0.5,
};

/**
 * Attempts of a classification job: enough, under the queue's backoff, to outlast six hours
 * of a provider being down (an attempt refused by an open breaker or the rate counts too).
 */
const DEFAULT_ATTEMPTS = attemptsToSpan(6 * 60 * 60_000);

/** Arachnid Shield takes a user name and password; the others a key. */
const BASIC_AUTH = new Set<ClassifierProvider>(['arachnid-shield']);

export function envName(provider: ClassifierProvider, setting: string): string {
  return `VIGIE_CLASSIFIER_${provider.toUpperCase().replace(/-/g, '_')}_${setting}`;
}

/** Reads the section; a bad value throws naming its variable, never repeating the value. */
export function readClassifiers(env: Record<string, string | undefined>): { config: ClassifiersConfig; secrets: ClassifierSecrets } {
  const get = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const enabled = list(get('VIGIE_CLASSIFIERS') ?? '');
  for (const p of enabled) {
    if (!isClassifierProvider(p)) throw new Error(`VIGIE_CLASSIFIERS: each entry must be one of ${CLASSIFIER_PROVIDERS.join(', ')}`);
  }
  const providers = {} as Record<ClassifierProvider, ProviderConfig>;
  const secrets: ClassifierSecrets = {};
  for (const p of CLASSIFIER_PROVIDERS) {
    const n = (s: string) => envName(p, s);
    const actAt = get(n('ACT_AT'));
    providers[p] = {
      baseUrl: parse(n('URL'), z.url({ protocol: /^https?$/ }), get(n('URL')) ?? DEFAULT_BASE_URLS[p]),
      timeoutMs: parse(n('TIMEOUT_MS'), z.coerce.number().int().min(100).max(120_000), get(n('TIMEOUT_MS')) ?? '10000'),
      ratePerSecond: parse(n('RATE'), z.coerce.number().gt(0).max(10_000), get(n('RATE')) ?? String(DEFAULT_RATES[p])),
      dailyBudget: parse(n('DAILY_BUDGET'), z.coerce.number().int().min(0), get(n('DAILY_BUDGET')) ?? '10000'),
      reviewAt: parse(n('REVIEW_AT'), z.coerce.number().min(0).max(1), get(n('REVIEW_AT')) ?? String(DEFAULT_REVIEW_AT[p])),
      actAt: actAt === undefined ? null : parse(n('ACT_AT'), z.coerce.number().gt(0).max(1), actAt),
    };
    const credentials: ClassifierCredentials = BASIC_AUTH.has(p) ? { username: get(n('USERNAME')), password: get(n('PASSWORD')) } : { apiKey: get(n('KEY')) };
    if (enabled.includes(p)) {
      const missing = BASIC_AUTH.has(p)
        ? !credentials.username || !credentials.password
          ? `${n('USERNAME')} and ${n('PASSWORD')}`
          : null
        : !credentials.apiKey
          ? n('KEY')
          : null;
      if (missing) throw new Error(`VIGIE_CLASSIFIERS enables ${p}, but ${missing} is not set`);
      secrets[p] = credentials;
    }
  }
  const hiveClasses = get('VIGIE_CLASSIFIER_HIVE_CLASSES');
  if (hiveClasses !== undefined && list(hiveClasses).length === 0) throw new Error('VIGIE_CLASSIFIER_HIVE_CLASSES: name at least one Hive class');
  return {
    config: {
      enabled: enabled as ClassifierProvider[],
      providers,
      hive: {
        signal: hiveClasses !== undefined ? list(hiveClasses) : [...DEFAULT_HIVE_CLASSES.signal],
        drawn: list(get('VIGIE_CLASSIFIER_HIVE_DRAWN_CLASSES') ?? ''),
        drawnAt: parse(
          'VIGIE_CLASSIFIER_HIVE_DRAWN_AT',
          z.coerce.number().gt(0).max(1),
          get('VIGIE_CLASSIFIER_HIVE_DRAWN_AT') ?? String(DEFAULT_HIVE_CLASSES.drawnAt),
        ),
      },
      breakerFailures: parse('VIGIE_CLASSIFIER_BREAKER_FAILURES', z.coerce.number().int().min(1).max(1000), get('VIGIE_CLASSIFIER_BREAKER_FAILURES') ?? '5'),
      breakerCooldownMs:
        1000 *
        parse(
          'VIGIE_CLASSIFIER_BREAKER_COOLDOWN_SECONDS',
          z.coerce.number().int().min(1).max(86_400),
          get('VIGIE_CLASSIFIER_BREAKER_COOLDOWN_SECONDS') ?? '60',
        ),
      maxAttempts: parse('VIGIE_CLASSIFIER_ATTEMPTS', z.coerce.number().int().min(1).max(1000), get('VIGIE_CLASSIFIER_ATTEMPTS') ?? String(DEFAULT_ATTEMPTS)),
    },
    secrets,
  };
}

function parse<T>(name: string, schema: z.ZodType<T>, value: string): T {
  const r = schema.safeParse(value);
  // The value is not repeated: a key pasted into the wrong variable would end up in a log.
  if (!r.success) throw new Error(`${name}: ${r.error.issues[0]?.message ?? 'not a valid value'}`);
  return r.data;
}

function list(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
}
