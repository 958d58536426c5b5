// INHOPE referrals for the legal role: prepare one for a link to material on another site
// (its hosting country and the hotline that takes it; the link is never fetched), record when
// it was sent through the hotline's form, list them. Each step is an event on the referral
// and a log line.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { insertReferral, listReferrals, markReferralSent, referralById, referralFor, type ReferralRow } from '../../store/inhope-referrals.js';
import { hotlineById, hotlineFor, referralHost, referralPackage, ReferralUrlError, type ReferralPackage } from '../../legal/inhope/index.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import { locateHost, type CountryDatabase, type LookupHost } from './hosting-country.js';
import type { Actor } from '../../moderation/events.js';

export interface ReferralDeps {
  store: Store;
  now(): Date;
  /** The operator's GeoIP database, when configured. */
  geo?: CountryDatabase | undefined;
  lookup?: LookupHost | undefined;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void } | undefined;
}

export interface ReferralView {
  id: string;
  status: 'prepared' | 'sent';
  url: string;
  host: string;
  hostingIp: string | null;
  hostingCountry: string | null;
  hotline: { id: string; name: string; reportUrl: string };
  caseId: string | null;
  cybertipId: string | null;
  clause: string;
  preparedBy: string;
  preparedAt: string;
  sentBy: string | null;
  sentAt: string | null;
  sentNote: string | null;
  package: ReferralPackage;
}

function mayRefer(r: Reviewer): void {
  if (!may(r, 'cybertip:file')) throw forbidden('only the legal role refers material to hotlines');
}

export interface ReferralInput {
  url: string;
  caseId?: string | null | undefined;
  cybertipId?: string | null | undefined;
  clause?: string | undefined;
  /** The country a reviewer said hosts it, used when the GeoIP database cannot place the host. */
  countryHint?: string | null | undefined;
}

export async function prepareReferral(deps: ReferralDeps, r: Reviewer, input: ReferralInput): Promise<{ referral: ReferralView; created: boolean }> {
  mayRefer(r);
  return prepare(deps, reviewerActor(r), r.id, input);
}

/** For the system: a decision's refer_inhope step (referral-job.ts). */
export async function prepareReferralForDecision(deps: ReferralDeps, input: ReferralInput): Promise<{ referral: ReferralView; created: boolean }> {
  return prepare(deps, { kind: 'system', id: 'referrals' }, 'system', input);
}

async function prepare(deps: ReferralDeps, actor: Actor, preparedBy: string, input: ReferralInput): Promise<{ referral: ReferralView; created: boolean }> {
  let host: string;
  try {
    host = referralHost(input.url);
  } catch (err) {
    if (err instanceof ReferralUrlError) throw invalid(`url: ${err.message}`);
    throw err;
  }
  const caseId = input.caseId ?? null;
  const existing = await referralFor(deps.store.db, input.url, caseId);
  if (existing) return { referral: view(existing), created: false };
  // Resolved outside any transaction: DNS may take its time.
  const located = await locateHost(host, deps.geo, deps.lookup);
  const hint = input.countryHint && /^[A-Z]{2}$/.test(input.countryHint) ? input.countryHint : null;
  const where = located.country === null && hint !== null ? { ...located, country: hint, unknownBecause: null } : located;
  const hotline = hotlineFor(where.country);
  const at = deps.now().toISOString();
  const id = `ref_${randomUUID()}`;
  const clause = input.clause ?? 'content.link-to-material';
  const pkg = referralPackage({
    url: input.url,
    host,
    country: where.country,
    ip: where.ip,
    hotline,
    caseId,
    cybertipId: input.cybertipId ?? null,
    clause,
    at,
  });
  const row: ReferralRow = {
    id,
    case_id: caseId,
    cybertip_id: input.cybertipId ?? null,
    url: input.url,
    host,
    hosting_ip: where.ip,
    hosting_country: where.country,
    hotline_id: hotline.id,
    clause,
    status: 'prepared',
    package_json: JSON.stringify(pkg),
    prepared_by: preparedBy,
    prepared_at: at,
    sent_by: null,
    sent_at: null,
    sent_note: null,
  };
  await deps.store.write(async (w) => {
    await insertReferral(w.tx, row);
    await w.append([
      {
        type: 'referral.prepared',
        subject: { kind: 'referral', id },
        actor,
        at,
        reason: where.unknownBecause ?? (located.country === null && hint !== null ? `the reviewer's country (${located.unknownBecause})` : null),
        payload: { url: input.url, host, hostingCountry: where.country, hotline: hotline.id, caseId, cybertipId: input.cybertipId ?? null, clause },
      },
    ]);
  });
  deps.log?.info({ referralId: id, host, hostingCountry: where.country, hotline: hotline.id, caseId }, 'INHOPE referral prepared');
  if (where.unknownBecause) deps.log?.warn({ referralId: id, host, why: where.unknownBecause }, 'hosting country unknown: the legal role chooses the hotline');
  return { referral: view(row), created: true };
}

export async function recordReferralSent(
  deps: ReferralDeps,
  r: Reviewer,
  id: string,
  input: { sentAt?: string | undefined; note?: string | null | undefined },
): Promise<ReferralView> {
  mayRefer(r);
  const at = input.sentAt ?? deps.now().toISOString();
  if (Date.parse(at) > deps.now().getTime() + 60_000) throw invalid('sentAt: a referral cannot be sent in the future');
  const row = await deps.store.write(async (w) => {
    const found = await referralById(w.tx, id);
    if (!found) throw notFound(`no referral with id ${id}`);
    if (!(await markReferralSent(w.tx, id, r.id, at, input.note ?? null))) throw conflict('the referral was already recorded as sent');
    await w.append([
      {
        type: 'referral.sent',
        subject: { kind: 'referral', id },
        actor: reviewerActor(r),
        at: deps.now().toISOString(),
        reason: null,
        payload: { hotline: found.hotline_id, note: input.note ?? null },
      },
    ]);
    return { ...found, status: 'sent', sent_by: r.id, sent_at: at, sent_note: input.note ?? null };
  });
  deps.log?.info({ referralId: id, hotline: row.hotline_id, sentAt: at }, 'INHOPE referral recorded as sent');
  return view(row);
}

export async function listReferralViews(store: Store, f: { status?: string | undefined; limit?: number | undefined }): Promise<ReferralView[]> {
  return (await listReferrals(store.db, f)).map(view);
}

export async function referralDetail(store: Store, id: string): Promise<ReferralView> {
  const row = await referralById(store.db, id);
  if (!row) throw notFound(`no referral with id ${id}`);
  return view(row);
}

function view(row: ReferralRow): ReferralView {
  const h = hotlineById(row.hotline_id);
  return {
    id: row.id,
    status: row.status as 'prepared' | 'sent',
    url: row.url,
    host: row.host,
    hostingIp: row.hosting_ip,
    hostingCountry: row.hosting_country,
    hotline: { id: row.hotline_id, name: h?.name ?? row.hotline_id, reportUrl: h?.reportUrl ?? '' },
    caseId: row.case_id,
    cybertipId: row.cybertip_id,
    clause: row.clause,
    preparedBy: row.prepared_by,
    preparedAt: row.prepared_at,
    sentBy: row.sent_by,
    sentAt: row.sent_at,
    sentNote: row.sent_note,
    package: JSON.parse(row.package_json) as ReferralPackage,
  };
}
