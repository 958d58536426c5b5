// The referral package: what the legal role types into the hotline's form. It names the
// link, where it is hosted and why it is referred, in ICCAM's vocabulary (legal.md §6:
// urlString, hostingCountryCode, hostingIpAddress, contentType 2 = Link); it never carries the
// material, which vigie never fetches.
import type { Hotline } from './hotlines.js';

export interface ReferralPackage {
  urlString: string;
  host: string;
  hostingCountryCode: string | null;
  hostingIpAddress: string | null;
  /** ICCAM's content type 2: a link. */
  contentType: 2;
  targetHotline: string;
  submittedVia: string;
  caseId: string | null;
  cybertipId: string | null;
  clause: string;
  preparedAt: string;
  note: string;
}

export class ReferralUrlError extends Error {
  override readonly name = 'ReferralUrlError';
}

/** The host of a link to refer: http or https only, with a host name, at most 2083 characters. */
export function referralHost(url: string): string {
  if (url.length > 2083) throw new ReferralUrlError('a URL is at most 2083 characters');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ReferralUrlError('not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ReferralUrlError('only http and https links are referred');
  if (!u.hostname) throw new ReferralUrlError('the URL names no host');
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function referralPackage(p: {
  url: string;
  host: string;
  country: string | null;
  ip: string | null;
  hotline: Hotline;
  caseId: string | null;
  cybertipId: string | null;
  clause: string;
  at: string;
}): ReferralPackage {
  return {
    urlString: p.url,
    host: p.host,
    hostingCountryCode: p.country,
    hostingIpAddress: p.ip,
    contentType: 2,
    targetHotline: p.hotline.name,
    submittedVia: p.hotline.reportUrl,
    caseId: p.caseId,
    cybertipId: p.cybertipId,
    clause: p.clause,
    preparedAt: p.at,
    note: 'Submit the URL only. The material was not fetched and must not be attached.',
  };
}
