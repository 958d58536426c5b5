// The public report page's use case: serve a signed challenge with each form, and take a
// form back only when its challenge holds (signed by us, not expired, solved or waited out,
// never used before) and neither its address nor the page as a whole is over its limit;
// then file it as an anonymous report with a receipt. The challenge and the counters are in
// the database, so every API process enforces the same limits and refuses the same replays.
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { PublicReportConfig } from '../../config/config.js';
import { countInWindow, pruneReportChallenges, reportChallengeKey, useNonce } from '../../store/report-challenges.js';
import type { ReportReasonId } from '../../policy/report-reasons.js';
import type { ReviewRules } from '../cases/review-rules-file.js';
import { checkChallenge, readChallenge, signChallenge, type ChallengeRefusal } from './report-challenge.js';
import { fileReport, type ReportFiled } from './file-report.js';
import { addressKey as subscriberOf } from '../staff/lockout.js';

export interface PublicReportDeps {
  store: Store;
  review: ReviewRules;
  now(): Date;
  /** The platform the page files into, and the page's limits. */
  config: { review: { publicPlatform: string }; publicReport: PublicReportConfig };
}

export interface PublicReportForm {
  /** A handle ("@name" or "name") or a link to the profile. */
  account: string | undefined;
  /** Links to the posts. */
  posts: readonly string[];
  reason: ReportReasonId;
  description: string | undefined;
  contact: string | undefined;
}

export type PublicReportRefusal = ChallengeRefusal | 'replayed' | 'address-limit' | 'global-limit' | 'nothing-named';

export type PublicReportOutcome = { ok: true; filed: ReportFiled & { receipt: string } } | { ok: false; refusal: PublicReportRefusal };

/** The refusals after which the form's token can no longer be used (a fresh one is served). */
export const SPENT_TOKEN: ReadonlySet<PublicReportRefusal> = new Set(['malformed', 'expired', 'replayed']);

/** A fresh signed challenge for one form. */
export async function issueReportChallenge(deps: Pick<PublicReportDeps, 'store' | 'now' | 'config'>): Promise<string> {
  const key = await reportChallengeKey(deps.store);
  const c = deps.config.publicReport;
  return signChallenge(key, {
    issuedAtMs: deps.now().getTime(),
    nonce: randomBytes(16).toString('base64url'),
    bits: c.powBits,
    waitSeconds: c.noScriptWaitSeconds,
  });
}

export async function submitPublicReport(
  deps: PublicReportDeps,
  challenge: { token: string; solution: string | undefined; address: string },
  form: PublicReportForm,
): Promise<PublicReportOutcome> {
  const c = deps.config.publicReport;
  const key = await reportChallengeKey(deps.store);
  const terms = readChallenge(key, challenge.token);
  if (!terms) return { ok: false, refusal: 'malformed' };
  const now = deps.now();
  const checked = checkChallenge(terms, challenge.token, challenge.solution, now.getTime(), c.tokenTtlMs);
  if (!checked.ok) return { ok: false, refusal: checked.refusal };

  // Checked before the nonce is spent, so that a report naming nothing can be corrected
  // and sent again with the same form.
  const platform = deps.config.review.publicPlatform;
  const named = whatIsNamed(deps.review, platform, form);
  if (!named) return { ok: false, refusal: 'nothing-named' };

  try {
    await deps.store.transaction(async (tx) => {
      if (!(await useNonce(tx, terms.nonce, new Date(terms.issuedAtMs + c.tokenTtlMs).toISOString()))) throw new Refused('replayed');
      // An attempt over a limit is rolled back with its nonce: it neither counts nor spends the form.
      if ((await countInWindow(tx, `address:${addressKey(key, challenge.address)}`, floorTo(now, 3_600_000))) > c.perAddressPerHour) {
        throw new Refused('address-limit');
      }
      if ((await countInWindow(tx, 'global', floorTo(now, 60_000))) > c.globalPerMinute) throw new Refused('global-limit');
      await pruneReportChallenges(tx, now.toISOString(), new Date(now.getTime() - 2 * 3_600_000).toISOString());
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, refusal: err.refusal };
    throw err;
  }

  const filed = await fileReport(
    deps,
    {
      platform,
      subject: named.subject,
      links: named.links,
      reason: form.reason,
      text: form.description,
      contact: form.contact,
      reporter: { kind: 'anonymous' },
      receipt: true,
    },
    { kind: 'anonymous', id: null },
  );
  return { ok: true, filed: { ...filed, receipt: filed.receipt! } };
}

/**
 * The links to file (the account's as given first, so the reviewer sees it), and the
 * account by its handle when no link names anything; null when nothing is named at all.
 */
function whatIsNamed(
  review: ReviewRules,
  platform: string,
  form: PublicReportForm,
): { links: string[]; subject: { kind: 'account'; id: string } | undefined } | null {
  const account = form.account?.trim();
  const isLink = account !== undefined && /^https?:\/\//i.test(account);
  const links = [...(isLink ? [account] : []), ...form.posts];
  if (links.some((l) => review.resolve(platform, l) !== null)) return { links, subject: undefined };
  if (account && !isLink) return { links: [account, ...form.posts], subject: { kind: 'account', id: account.replace(/^@/, '') } };
  return null;
}

class Refused extends Error {
  constructor(readonly refusal: PublicReportRefusal) {
    super(refusal);
  }
}

function floorTo(at: Date, ms: number): string {
  return new Date(Math.floor(at.getTime() / ms) * ms).toISOString();
}

/**
 * The address as a keyed hash (the counters never hold who sent what), an IPv6 address by
 * its /64 as sign-in throttling counts it: one subscriber usually holds the whole /64.
 */
function addressKey(key: Buffer, address: string): string {
  return createHmac('sha256', key)
    .update(`address:${subscriberOf(address)}`)
    .digest('hex')
    .slice(0, 32);
}
