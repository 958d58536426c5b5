// vigie's configuration: one tree in sections, read from the environment here and nowhere
// else, checked with Zod so that a wrong value stops the start with a message naming the
// variable. Command-line flags and tests override any field. Secrets are a section apart,
// never logged: `describeConfig` is what a log line may show.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { urlBankSources, type UrlBankSource } from '../detect/links/bank-sources.js';
import type { CanonicalOptions } from '../enforcement/identifiers.js';
import { ROLES, parseRoles, type Role } from './roles.js';
import { EEA_COUNTRIES } from '../policy/statement-of-reasons.js';
import { readClassifiers, type ClassifiersConfig, type ClassifierSecrets } from './classifiers.js';
import { readNcmec, type NcmecConfig, type NcmecSecrets } from './ncmec.js';

export interface HttpConfig {
  host: string;
  port: number;
  /** Largest request body accepted, in bytes (media come inline as base64 or as multipart parts). */
  bodyLimit: number;
  /** Requests per minute per API key, and per client address for unauthenticated routes. */
  rateLimitPerKey: number;
  rateLimitPerIp: number;
  /** Mark session cookies Secure (off only for plain-HTTP local development). */
  secureCookies: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges; empty:
   * none, the peer's address is the client's). The client address is the right-most hop
   * that is not one of them.
   */
  trustProxy: readonly string[];
}

export interface WebhooksConfig {
  /** Let webhook endpoints be loopback, private or link-local addresses: development only, never in production. */
  allowPrivate: boolean;
}

export interface StoreConfig {
  dataDir: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
}

export interface IngestConfig {
  /** Largest single media item, in bytes. */
  mediaLimit: number;
  /** Media hashing: worker threads (0: one per core), items waiting beyond which a post is answered 503. */
  hashWorkers: number;
  hashQueue: number;
  /** Largest image decoded, in pixels, and the bytes of pixels all hash workers may hold at once. */
  maxPixels: number;
  decodeMemoryBytes: number;
  video: VideoConfig;
}

/** Videos at ingest (vPDQ, docs/detection-media.md): caps, the ffmpeg subprocess's bounds, the match thresholds. */
export interface VideoConfig {
  /** Largest video, in bytes (images keep `mediaLimit`). */
  maxBytes: number;
  /** Longest video, in seconds; a longer one is refused (413). */
  maxSeconds: number;
  /** Largest frame, in pixels. */
  maxFramePixels: number;
  /** Videos hashed at once (a worker thread and an ffmpeg each), and videos waiting beyond which a post is answered 503. */
  workers: number;
  queue: number;
  /** One frame hashed every this many seconds; 0: every frame, as the reference tool by default. */
  secondsPerHash: number;
  /** Bounds of each ffmpeg process: address space, wall-clock time, decoder threads. */
  ffmpegMemoryBytes: number;
  ffmpegTimeoutMs: number;
  ffmpegThreads: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** A banked video matches when this share of its good frames is found in the upload… */
  bankMatchPercent: number;
  /** …and this share of the upload's good frames is found in it (0 tolerates padding). */
  uploadMatchPercent: number;
}

export interface DetectionConfig {
  /** An operator's text rules file (JSON); without one the default rules apply. Reloaded on change. */
  textRulesPath: string | undefined;
  /** Term lists the rules file names, as name -> file. */
  textTermLists: Record<string, string>;
  /** URL banks links are looked up on at ingest; reloaded with the text rules. */
  urlBanks: UrlBankSource[];
}

export interface EnforcementConfig {
  /** Act on a match with a verified bank without waiting for a person (the policy allows it; an operator may not). */
  autoActionVerifiedBanks: boolean;
  /** Remove at once what matches a Take It Down bank, the account left to a person (docs/take-it-down.md). */
  autoRemoveTakeItDown: boolean;
  /** Where account holders appeal; notices point there. */
  appealUrl: string;
}

export interface JobsConfig {
  /**
   * How long a job taken by a worker is its own (the database queue's lease, JetStream's
   * AckWait): a worker killed in the middle of a job has it run again after this.
   */
  leaseMs: number;
}

export interface NatsConfig {
  /**
   * Names the JetStream streams and subjects (`<prefix>.jobs.<kind>`, stream `<PREFIX>_JOBS`):
   * `vigie` unless several deployments share one NATS. The URL is a secret (it may carry
   * credentials): `secrets.natsUrl`, whose presence turns JetStream on.
   */
  prefix: string;
}

export interface BlockRegistryConfig {
  canonical: CanonicalOptions;
  /** How long an IP address stays on the registry after the suspension. */
  ipTtlMs: number;
}

/** Reports and the review workflow (docs/review.md). */
export interface ReviewConfig {
  /** How long a reviewer's claim on a case holds unless renewed. */
  leaseMs: number;
  /** The operator's review file (queue routing, report link patterns per platform), JSON; without one the defaults apply. */
  rulesPath: string | undefined;
  /** The platform whose subjects the public report page names. */
  publicPlatform: string;
}

/** The public report page's anti-abuse settings (docs/reporting.md). */
export interface PublicReportConfig {
  /** Leading zero bits of the proof of work the page's script solves (each bit doubles the work). */
  powBits: number;
  /** Without JavaScript, the form is accepted this many seconds after it was served. */
  noScriptWaitSeconds: number;
  /** How long a served form (its signed challenge) stays good. */
  tokenTtlMs: number;
  /** Reports accepted per client address per hour, and from everyone per minute (counted in the database). */
  perAddressPerHour: number;
  globalPerMinute: number;
}

/** The evidence vault (docs/evidence-vault.md): master keys and preservation holds. */
export interface VaultConfig {
  /** VIGIE_VAULT_KEY_FILE: the current master key (base64 of 32 bytes); unset: VIGIE_VAULT_KEY, else keys/vault.key in the data folder. */
  keyFile: string | undefined;
  /** VIGIE_VAULT_PREVIOUS_KEY_FILES: earlier keys still read during a rotation (comma-separated files). */
  previousKeyFiles: string[];
  /** VIGIE_HOLD_DAYS: a new hold's length when none is given (18 U.S.C. 2258A(h)(1): one year). */
  holdDays: number;
  /** VIGIE_HOLD_PURGE_MINUTES: how often expired holds' objects are purged. */
  purgeEveryMs: number;
}

/** Appeals (docs/appeals.md). */
export interface AppealsConfig {
  /** How long a token the platform puts in its notice lets the person appeal (DSA Art. 20: at least six months). */
  tokenTtlMs: number;
  /** The appeals queue's target: an appeal is due this long after it was filed. */
  deadlineMs: number;
}

/** Statements of reasons (docs/statements.md). */
export interface StatementsConfig {
  /** Where restrictions apply: ISO codes of EU/EEA countries (all of them unless narrowed). */
  territorialScope: string[];
  /** The national provision named for illegal content. */
  legalGround: string;
  /** Where the platform publishes its rules. */
  policyUrl: string | undefined;
  /** The Transparency Database's API (e.g. https://transparency.dsa.ec.europa.eu); unset: nothing is submitted. */
  transparencyDatabaseUrl: string | undefined;
  /** How often a worker submits the statements not yet accepted. */
  submitEveryMs: number;
}

/** Time-to-action targets per review queue (docs/transparency.md, deadlines). */
export interface DeadlinesConfig {
  /** Queue → how long a case may wait, from when it was opened; appeals carry their own due time. */
  targetsMs: Record<string, number>;
  checkEveryMs: number;
}

/** Never logged, never echoed. */
export interface Secrets {
  /** PostgreSQL's URL (it may carry a password); unset for the embedded SQLite. */
  databaseUrl: string | undefined;
  /** VIGIE_SERVER_SECRET, base64; unset to use (or create) keys/server.key in the data folder. */
  serverSecret: string | undefined;
  /** VIGIE_METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** VIGIE_VAULT_KEY: the vault's master key itself (base64 of 32 bytes), for processes that share no file. */
  vaultKey: string | undefined;
  /** NATS_URL: when set, background work goes through NATS JetStream (the database stays its outbox). */
  natsUrl: string | undefined;
  /** VIGIE_DSA_API_TOKEN: the Transparency Database's API token (statements are submitted only with it). */
  dsaApiToken: string | undefined;
  /** Each enabled classifier provider's key, or user name and password (config/classifiers.ts). */
  classifiers: ClassifierSecrets;
  /** VIGIE_NCMEC_USERNAME and VIGIE_NCMEC_PASSWORD: the CyberTipline API's basic auth (config/ncmec.ts). */
  ncmec: NcmecSecrets | undefined;
}

export interface Config {
  http: HttpConfig;
  store: StoreConfig;
  ingest: IngestConfig;
  detection: DetectionConfig;
  enforcement: EnforcementConfig;
  webhooks: WebhooksConfig;
  blockRegistry: BlockRegistryConfig;
  jobs: JobsConfig;
  nats: NatsConfig;
  review: ReviewConfig;
  /** External classifiers: none unless listed (config/classifiers.ts, docs/classifiers.md). */
  classifiers: ClassifiersConfig;
  publicReport: PublicReportConfig;
  vault: VaultConfig;
  /** CyberTipline filing: reporter, environment, auto-file banks, draft deadline (config/ncmec.ts, docs/cybertipline.md). */
  ncmec: NcmecConfig;
  /** INHOPE referrals (docs/inhope.md): the operator's GeoLite2/GeoIP2 country or city database, VIGIE_GEOIP_DATABASE. */
  referrals: { geoipDatabase: string | undefined };
  appeals: AppealsConfig;
  statements: StatementsConfig;
  deadlines: DeadlinesConfig;
  log: { level: string };
  /** What this process runs (`vigie serve --roles`). */
  roles: Role[];
  secrets: Secrets;
}

export type ConfigOverrides = { [S in keyof Config]?: Config[S] extends unknown[] ? Config[S] : Partial<Config[S]> };

const DAY_MS = 24 * 60 * 60 * 1000;
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');
const whole = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** Each variable vigie reads, with its default. Unknown VIGIE_ variables are not an error (a newer version's). */
const Env = z.object({
  VIGIE_HOST: z.string().min(1).default('127.0.0.1'),
  VIGIE_PORT: whole(8080).pipe(z.number().max(65535)),
  VIGIE_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  VIGIE_SQLITE_SYNCHRONOUS: z
    .string()
    .default('FULL')
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['FULL', 'NORMAL'])),
  VIGIE_BODY_LIMIT: whole(50 * 1024 * 1024),
  VIGIE_MEDIA_LIMIT: whole(32 * 1024 * 1024),
  VIGIE_HASH_WORKERS: whole(0),
  VIGIE_HASH_QUEUE: whole(256),
  VIGIE_MAX_PIXELS: whole(50_000_000).pipe(z.number().min(1)),
  VIGIE_DECODE_MEMORY_MB: whole(512).pipe(z.number().min(1)),
  VIGIE_VIDEO_LIMIT: whole(48 * 1024 * 1024).pipe(z.number().min(1)),
  VIGIE_VIDEO_MAX_SECONDS: whole(300).pipe(z.number().min(1)),
  VIGIE_VIDEO_MAX_PIXELS: whole(3840 * 2160).pipe(z.number().min(1)),
  VIGIE_VIDEO_WORKERS: whole(1).pipe(z.number().min(1)),
  VIGIE_VIDEO_QUEUE: whole(16),
  VIGIE_VIDEO_SECONDS_PER_HASH: z.coerce.number().min(0).max(3600).default(0),
  VIGIE_VIDEO_MEMORY_MB: whole(1024).pipe(z.number().min(64)),
  VIGIE_VIDEO_TIMEOUT_SECONDS: whole(120).pipe(z.number().min(1)),
  VIGIE_VIDEO_THREADS: whole(1).pipe(z.number().min(1).max(16)),
  VIGIE_FFMPEG: z.string().min(1).default('ffmpeg'),
  VIGIE_FFPROBE: z.string().min(1).default('ffprobe'),
  VIGIE_VPDQ_BANK_PERCENT: z.coerce.number().gt(0).max(100).default(80),
  VIGIE_VPDQ_UPLOAD_PERCENT: z.coerce.number().min(0).max(100).default(0),
  VIGIE_RATE_LIMIT_PER_KEY: whole(600_000),
  VIGIE_RATE_LIMIT_PER_IP: whole(600),
  VIGIE_SECURE_COOKIES: bool(true),
  VIGIE_TRUST_PROXY: z
    .string()
    .default('')
    .transform((raw, c) => parseTrustProxy(raw, c)),
  VIGIE_WEBHOOKS_ALLOW_PRIVATE: bool(false),
  VIGIE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VIGIE_TEXT_RULES: z.string().optional(),
  VIGIE_TEXT_TERMS: z.string().default(''),
  VIGIE_URL_BANKS: z.string().default(''),
  VIGIE_URL_BANKS_VERIFIED: z.string().default(''),
  VIGIE_AUTO_ACTION_VERIFIED_BANKS: bool(true),
  VIGIE_TAKE_IT_DOWN_AUTO_REMOVE: bool(true),
  VIGIE_APPEAL_URL: z.string().min(1).default('/appeal'),
  VIGIE_BLOCK_IP_DAYS: z.coerce.number().positive().default(30),
  VIGIE_PHONE_REGION: z
    .string()
    .optional()
    .refine((r) => r === undefined || r === '' || isSupportedCountry(r.toUpperCase()), 'must be a two-letter region code'),
  VIGIE_DEVICE_IDS_IGNORE_CASE: bool(false),
  VIGIE_PAYMENT_IDS_IGNORE_CASE: bool(false),
  VIGIE_REVIEW_LEASE_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(15),
  VIGIE_REVIEW_RULES: z.string().optional(),
  VIGIE_PUBLIC_REPORT_PLATFORM: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/, 'must be a platform id')
    .default('default'),
  VIGIE_REPORT_POW_BITS: whole(14).pipe(z.number().min(1).max(28)),
  VIGIE_REPORT_NOSCRIPT_WAIT_SECONDS: whole(10).pipe(z.number().min(1).max(600)),
  VIGIE_REPORT_TOKEN_MINUTES: whole(60).pipe(
    z
      .number()
      .min(1)
      .max(24 * 60),
  ),
  VIGIE_REPORT_LIMIT_PER_ADDRESS: whole(10).pipe(z.number().min(1)),
  VIGIE_REPORT_LIMIT_GLOBAL: whole(600).pipe(z.number().min(1)),
  VIGIE_APPEAL_TOKEN_DAYS: z.coerce.number().min(1).max(3650).default(183),
  VIGIE_APPEAL_DEADLINE_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 365)
    .default(72),
  VIGIE_DSA_TERRITORIAL_SCOPE: z
    .string()
    .default(EEA_COUNTRIES.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0 && list.every((c) => (EEA_COUNTRIES as readonly string[]).includes(c)), 'must list EU/EEA country codes'),
  VIGIE_DSA_LEGAL_GROUND: z.string().min(1).max(500).default('Directive 2011/93/EU, Articles 5 and 6, as transposed in national law'),
  VIGIE_POLICY_URL: z.string().url().optional(),
  VIGIE_DSA_API_URL: z.string().url().optional(),
  VIGIE_DSA_API_TOKEN: z.string().optional(),
  VIGIE_DSA_SUBMIT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  VIGIE_QUEUE_TARGETS: z
    .string()
    .default('urgent=1,known-material=4,conversations=12,user-reports=24,general=48,senior=48,legal=24')
    .transform((v, ctx) => {
      const out: Record<string, number> = {};
      for (const part of v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([a-z0-9][a-z0-9-]{0,39})=(\d+(?:\.\d+)?)$/.exec(part);
        if (!m || Number(m[2]) <= 0) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not queue=hours` });
          return z.NEVER;
        }
        out[m[1]!] = Number(m[2]) * 3_600_000;
      }
      return out;
    }),
  VIGIE_DEADLINE_CHECK_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  VIGIE_ROLES: z.string().default(ROLES.join(',')),
  VIGIE_SERVER_SECRET: z.string().optional(),
  // The evidence vault (docs/evidence-vault.md).
  VIGIE_VAULT_KEY: z.string().optional(),
  VIGIE_VAULT_KEY_FILE: z.string().optional(),
  VIGIE_VAULT_PREVIOUS_KEY_FILES: z.string().optional(),
  VIGIE_HOLD_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  VIGIE_HOLD_PURGE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  VIGIE_GEOIP_DATABASE: z.string().optional(),
  VIGIE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  NATS_URL: z
    .string()
    .refine(
      (v) => v.split(',').every((u) => /^(nats|tls):\/\/[^\s/]+(:\d+)?\/?$/.test(u.trim())),
      'must be nats://host:port or tls://host:port (several separated by commas)',
    )
    .optional(),
  // Every handler's timeout must fit in the lease with a second to spare; the longest (a classifier's) is 120 s.
  VIGIE_JOB_LEASE_SECONDS: z.coerce.number().int().min(125, 'must be at least 125 (the longest job handler may take 120 s)').default(300),
  VIGIE_NATS_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be a short lower-case name (a-z, 0-9, "_", "-")')
    .default('vigie'),
});

/** The largest file part a multipart request may carry: an image's or a video's cap, whichever is larger. */
export function mediaPartLimit(ingest: Pick<IngestConfig, 'mediaLimit' | 'video'>): number {
  return Math.max(ingest.mediaLimit, ingest.video.maxBytes);
}

function readEnv(env: NodeJS.ProcessEnv): z.infer<typeof Env> {
  // An empty variable counts as unset: its default applies (VIGIE_DATA="" is ./data, not the
  // current folder).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const name = String(first.path[0] ?? 'configuration');
    // The value is not repeated: it may be a secret.
    throw new Error(`${name}: ${first.message}`);
  }
  return parsed.data;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const e = readEnv(env);
  const classifiers = readClassifiers(env);
  const ncmec = readNcmec(env);
  const region = e.VIGIE_PHONE_REGION ? (e.VIGIE_PHONE_REGION.toUpperCase() as CountryCode) : undefined;
  const config: Config = {
    http: {
      host: e.VIGIE_HOST,
      port: e.VIGIE_PORT,
      bodyLimit: e.VIGIE_BODY_LIMIT,
      rateLimitPerKey: e.VIGIE_RATE_LIMIT_PER_KEY,
      rateLimitPerIp: e.VIGIE_RATE_LIMIT_PER_IP,
      secureCookies: e.VIGIE_SECURE_COOKIES,
      trustProxy: e.VIGIE_TRUST_PROXY,
    },
    webhooks: { allowPrivate: e.VIGIE_WEBHOOKS_ALLOW_PRIVATE },
    store: { dataDir: resolve(e.VIGIE_DATA), sqliteSynchronous: e.VIGIE_SQLITE_SYNCHRONOUS },
    ingest: {
      mediaLimit: e.VIGIE_MEDIA_LIMIT,
      hashWorkers: e.VIGIE_HASH_WORKERS,
      hashQueue: e.VIGIE_HASH_QUEUE,
      maxPixels: e.VIGIE_MAX_PIXELS,
      decodeMemoryBytes: e.VIGIE_DECODE_MEMORY_MB * 1024 * 1024,
      video: {
        maxBytes: e.VIGIE_VIDEO_LIMIT,
        maxSeconds: e.VIGIE_VIDEO_MAX_SECONDS,
        maxFramePixels: e.VIGIE_VIDEO_MAX_PIXELS,
        workers: e.VIGIE_VIDEO_WORKERS,
        queue: e.VIGIE_VIDEO_QUEUE,
        secondsPerHash: e.VIGIE_VIDEO_SECONDS_PER_HASH,
        ffmpegMemoryBytes: e.VIGIE_VIDEO_MEMORY_MB * 1024 * 1024,
        ffmpegTimeoutMs: e.VIGIE_VIDEO_TIMEOUT_SECONDS * 1000,
        ffmpegThreads: e.VIGIE_VIDEO_THREADS,
        ffmpegPath: e.VIGIE_FFMPEG,
        ffprobePath: e.VIGIE_FFPROBE,
        bankMatchPercent: e.VIGIE_VPDQ_BANK_PERCENT,
        uploadMatchPercent: e.VIGIE_VPDQ_UPLOAD_PERCENT,
      },
    },
    detection: {
      textRulesPath: e.VIGIE_TEXT_RULES,
      textTermLists: fromVariable('VIGIE_TEXT_TERMS', 'give name=path entries separated by commas', () => parseTermLists(e.VIGIE_TEXT_TERMS)),
      urlBanks: fromVariable(
        'VIGIE_URL_BANKS',
        'give NAME=FORMAT:FILE entries separated by commas, each name once (and every name of VIGIE_URL_BANKS_VERIFIED among them)',
        () => urlBankSources(e.VIGIE_URL_BANKS, new Set(splitList(e.VIGIE_URL_BANKS_VERIFIED))),
      ).map((b) => ({ ...b, path: resolve(b.path) })),
    },
    enforcement: {
      autoActionVerifiedBanks: e.VIGIE_AUTO_ACTION_VERIFIED_BANKS,
      autoRemoveTakeItDown: e.VIGIE_TAKE_IT_DOWN_AUTO_REMOVE,
      appealUrl: e.VIGIE_APPEAL_URL,
    },
    classifiers: classifiers.config,
    blockRegistry: {
      ipTtlMs: e.VIGIE_BLOCK_IP_DAYS * DAY_MS,
      canonical: {
        ...(region ? { defaultPhoneRegion: region } : {}),
        ...(e.VIGIE_DEVICE_IDS_IGNORE_CASE ? { deviceIdsIgnoreCase: true } : {}),
        ...(e.VIGIE_PAYMENT_IDS_IGNORE_CASE ? { paymentIdsIgnoreCase: true } : {}),
      },
    },
    jobs: { leaseMs: e.VIGIE_JOB_LEASE_SECONDS * 1000 },
    nats: { prefix: e.VIGIE_NATS_PREFIX },
    review: {
      leaseMs: e.VIGIE_REVIEW_LEASE_MINUTES * 60_000,
      rulesPath: e.VIGIE_REVIEW_RULES ? resolve(e.VIGIE_REVIEW_RULES) : undefined,
      publicPlatform: e.VIGIE_PUBLIC_REPORT_PLATFORM,
    },
    publicReport: {
      powBits: e.VIGIE_REPORT_POW_BITS,
      noScriptWaitSeconds: e.VIGIE_REPORT_NOSCRIPT_WAIT_SECONDS,
      tokenTtlMs: e.VIGIE_REPORT_TOKEN_MINUTES * 60_000,
      perAddressPerHour: e.VIGIE_REPORT_LIMIT_PER_ADDRESS,
      globalPerMinute: e.VIGIE_REPORT_LIMIT_GLOBAL,
    },
    vault: {
      keyFile: e.VIGIE_VAULT_KEY_FILE ? resolve(e.VIGIE_VAULT_KEY_FILE) : undefined,
      previousKeyFiles: splitList(e.VIGIE_VAULT_PREVIOUS_KEY_FILES ?? '').map((f) => resolve(f)),
      holdDays: e.VIGIE_HOLD_DAYS,
      purgeEveryMs: e.VIGIE_HOLD_PURGE_MINUTES * 60_000,
    },
    ncmec: ncmec.config,
    referrals: { geoipDatabase: e.VIGIE_GEOIP_DATABASE ? resolve(e.VIGIE_GEOIP_DATABASE) : undefined },
    appeals: { tokenTtlMs: e.VIGIE_APPEAL_TOKEN_DAYS * DAY_MS, deadlineMs: e.VIGIE_APPEAL_DEADLINE_HOURS * 3_600_000 },
    statements: {
      territorialScope: e.VIGIE_DSA_TERRITORIAL_SCOPE,
      legalGround: e.VIGIE_DSA_LEGAL_GROUND,
      policyUrl: e.VIGIE_POLICY_URL,
      transparencyDatabaseUrl: e.VIGIE_DSA_API_URL,
      submitEveryMs: e.VIGIE_DSA_SUBMIT_SECONDS * 1000,
    },
    deadlines: { targetsMs: e.VIGIE_QUEUE_TARGETS, checkEveryMs: e.VIGIE_DEADLINE_CHECK_SECONDS * 1000 },
    log: { level: e.VIGIE_LOG_LEVEL },
    roles: fromVariable('VIGIE_ROLES', `give one or more of ${ROLES.join(', ')}, separated by commas`, () => parseRoles(e.VIGIE_ROLES)),
    secrets: {
      databaseUrl: e.DATABASE_URL,
      serverSecret: e.VIGIE_SERVER_SECRET,
      metricsToken: e.VIGIE_METRICS_TOKEN,
      classifiers: classifiers.secrets,
      ncmec: ncmec.secrets,
      natsUrl: e.NATS_URL,
      vaultKey: e.VIGIE_VAULT_KEY,
      dsaApiToken: e.VIGIE_DSA_API_TOKEN,
    },
  };
  for (const key of Object.keys(overrides) as (keyof Config)[]) {
    const o = overrides[key];
    if (o === undefined) continue;
    (config as unknown as Record<string, unknown>)[key] = Array.isArray(o) ? o : { ...(config[key] as object), ...stripUndefined(o as object) };
  }
  config.store.dataDir = resolve(config.store.dataDir);
  return config;
}

/**
 * Parses one variable; a refusal names the variable and what it takes, never its value
 * (the parsers' own messages quote it, and a value may be a secret pasted in the wrong place).
 */
function fromVariable<T>(name: string, expected: string, parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new Error(`${name}: ${expected} (the value is not repeated here)`);
  }
}

// proxy-addr's names for the loopback, link-local and unique-local ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** "127.0.0.1,10.0.0.0/8": each an address, a CIDR range or a range name; "false" is none; "true" is refused. */
function parseTrustProxy(raw: string, c: z.RefinementCtx): string[] {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false') return [];
  if (value === 'true') {
    c.addIssue({
      code: 'custom',
      message: 'list the addresses of your reverse proxies (e.g. 127.0.0.1,10.0.0.0/8) instead of true: trusting every hop lets a client forge its address',
    });
    return z.NEVER;
  }
  const out: string[] = [];
  for (const entry of splitList(raw)) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_RANGE_NAMES.has(entry.toLowerCase()) || (family !== 0 && okBits && extra === undefined))) {
      c.addIssue({ code: 'custom', message: `each entry must be an IP address, a CIDR range (10.0.0.0/8) or one of ${[...PROXY_RANGE_NAMES].join(', ')}` });
      return z.NEVER;
    }
    out.push(PROXY_RANGE_NAMES.has(entry.toLowerCase()) ? entry.toLowerCase() : entry);
  }
  return out;
}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** "name=path,name2=path2" */
function parseTermLists(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of splitList(raw)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`VIGIE_TEXT_TERMS entries are name=path, got "${part}"`);
    out[part.slice(0, eq)] = resolve(part.slice(eq + 1));
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a log line may show of the configuration: no secret, the database URL without its password. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    host: c.http.host,
    port: c.http.port,
    dataDir: c.store.dataDir,
    database: c.secrets.databaseUrl ? redactUrl(c.secrets.databaseUrl) : 'sqlite (embedded)',
    sqliteSynchronous: c.store.sqliteSynchronous,
    jobs: c.secrets.natsUrl ? `NATS JetStream ${c.secrets.natsUrl.split(',').map(redactUrl).join(',')} (prefix ${c.nats.prefix})` : 'database',
    urlBanks: c.detection.urlBanks.map((b) => `${b.name}${b.verified ? ' (verified)' : ''}`),
    roles: c.roles,
    trustProxy: c.http.trustProxy,
    classifiers: c.classifiers.enabled,
    ...(c.webhooks.allowPrivate ? { webhooksAllowPrivate: true } : {}),
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
