// The `ncmec` section: who files CyberTipline reports and where (docs/cybertipline.md). Read
// from the environment by loadConfig (config.ts hands the variables in). The user name and
// password are secrets: they go to `secrets.ncmec`, never into a log line or an answer.
// Production credentials are only used when VIGIE_NCMEC_ENV=production says so.
import { z } from 'zod';

export const NCMEC_BASE_URLS = {
  test: 'https://exttest.cybertip.org/ispws',
  production: 'https://report.cybertip.org/ispws',
} as const;

export interface NcmecConfig {
  environment: 'test' | 'production';
  /** The API's base URL: the environment's unless VIGIE_NCMEC_BASE_URL overrides it (a local fake). */
  baseUrl: string;
  reporter: {
    firstName: string | undefined;
    lastName: string | undefined;
    email: string | undefined;
    phone: string | undefined;
    companyTemplate: string | undefined;
    termsOfService: string | undefined;
    legalUrl: string | undefined;
  };
  /** The platform's name in reports (incidentSummary/platform). */
  platform: string | undefined;
  /** Banks (by name) whose verified matches are filed without waiting for the legal role. */
  autoFileBanks: string[];
  /** A draft still waiting after this long raises the overdue alert. */
  approveWithinMs: number;
  /** Each NCMEC call's time limit. */
  timeoutMs: number;
  /** Attempts of one filing job before it goes dead (and a person must look). */
  maxAttempts: number;
  /**
   * The company has executed NCMEC's MOU for the Industry Hash Sharing Platform: reviewers
   * may classify reported files (A1–B2) and the classification is sent. Off by default, as
   * NCMEC asks that only such companies send it.
   */
  industryMou: boolean;
}

export interface NcmecSecrets {
  username: string;
  password: string;
}

const Env = z.object({
  VIGIE_NCMEC_ENV: z.enum(['test', 'production']).default('test'),
  VIGIE_NCMEC_BASE_URL: z.url().optional(),
  VIGIE_NCMEC_USERNAME: z.string().min(1).optional(),
  VIGIE_NCMEC_PASSWORD: z.string().min(1).optional(),
  VIGIE_NCMEC_REPORTER_FIRST_NAME: z.string().max(200).optional(),
  VIGIE_NCMEC_REPORTER_LAST_NAME: z.string().max(200).optional(),
  VIGIE_NCMEC_REPORTER_EMAIL: z.email().optional(),
  VIGIE_NCMEC_REPORTER_PHONE: z.string().max(50).optional(),
  VIGIE_NCMEC_COMPANY_TEMPLATE: z.string().max(3000).optional(),
  VIGIE_NCMEC_TERMS_OF_SERVICE: z.string().max(3000).optional(),
  VIGIE_NCMEC_LEGAL_URL: z.url().max(2083).optional(),
  VIGIE_NCMEC_PLATFORM: z.string().max(256).optional(),
  VIGIE_NCMEC_AUTO_FILE_BANKS: z.string().default(''),
  VIGIE_NCMEC_APPROVE_WITHIN_HOURS: z.coerce.number().positive().max(720).default(24),
  VIGIE_NCMEC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(110).default(60),
  VIGIE_NCMEC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  VIGIE_NCMEC_INDUSTRY_MOU: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export function readNcmec(env: NodeJS.ProcessEnv): { config: NcmecConfig; secrets: NcmecSecrets | undefined } {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('VIGIE_NCMEC_') && v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    // The value is not repeated: it may be a secret.
    throw new Error(`${String(first.path[0] ?? 'VIGIE_NCMEC_*')}: ${first.message}`);
  }
  const e = parsed.data;
  if ((e.VIGIE_NCMEC_USERNAME === undefined) !== (e.VIGIE_NCMEC_PASSWORD === undefined)) {
    throw new Error('VIGIE_NCMEC_USERNAME and VIGIE_NCMEC_PASSWORD go together');
  }
  return {
    config: {
      environment: e.VIGIE_NCMEC_ENV,
      baseUrl: (e.VIGIE_NCMEC_BASE_URL ?? NCMEC_BASE_URLS[e.VIGIE_NCMEC_ENV]).replace(/\/+$/, ''),
      reporter: {
        firstName: e.VIGIE_NCMEC_REPORTER_FIRST_NAME,
        lastName: e.VIGIE_NCMEC_REPORTER_LAST_NAME,
        email: e.VIGIE_NCMEC_REPORTER_EMAIL,
        phone: e.VIGIE_NCMEC_REPORTER_PHONE,
        companyTemplate: e.VIGIE_NCMEC_COMPANY_TEMPLATE,
        termsOfService: e.VIGIE_NCMEC_TERMS_OF_SERVICE,
        legalUrl: e.VIGIE_NCMEC_LEGAL_URL,
      },
      platform: e.VIGIE_NCMEC_PLATFORM,
      autoFileBanks: e.VIGIE_NCMEC_AUTO_FILE_BANKS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      approveWithinMs: Math.round(e.VIGIE_NCMEC_APPROVE_WITHIN_HOURS * 3_600_000),
      timeoutMs: e.VIGIE_NCMEC_TIMEOUT_SECONDS * 1000,
      maxAttempts: e.VIGIE_NCMEC_MAX_ATTEMPTS,
      industryMou: e.VIGIE_NCMEC_INDUSTRY_MOU,
    },
    secrets: e.VIGIE_NCMEC_USERNAME !== undefined ? { username: e.VIGIE_NCMEC_USERNAME, password: e.VIGIE_NCMEC_PASSWORD! } : undefined,
  };
}
