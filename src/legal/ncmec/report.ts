// The <report> document sent to NCMEC's /submit: one report per reported account, covering
// all of its reported files (their details go to /fileinfo, file-details.ts). Built in the
// schema's sequence order (ncmec-cybertipline.md §7), from facts the filing service gathers
// from the case and the log. Pure: the clock's reading comes in as `now`.
import { incidentFor, type ReportAnnotation } from './incident-types.js';
import { el, elAttrs, leaf, opt, serialise, type XmlNode } from './xml-tree.js';

/** Who files: the operator's configuration (`ncmec` section), the same in every report. */
export interface Reporter {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email: string;
  phone?: string | undefined;
  /** Boilerplate included in every report: how to serve legal process, retention, emergency contacts. */
  companyTemplate?: string | undefined;
  termsOfService?: string | undefined;
  legalUrl?: string | undefined;
}

export type IpEventName = 'Login' | 'Registration' | 'Purchase' | 'Upload' | 'Other' | 'Unknown';

export interface IpCapture {
  ip: string;
  event?: IpEventName | undefined;
  at?: string | undefined;
  port?: number | undefined;
}

export interface DeviceCapture {
  type: string;
  value: string;
  event?: IpEventName | undefined;
  at?: string | undefined;
}

export interface ReportedAccount {
  /** The platform's account id (espIdentifier). */
  id: string;
  screenName?: string | null | undefined;
  displayName?: string | null | undefined;
  profileUrl?: string | null | undefined;
  emails: readonly string[];
  phones: readonly string[];
  ips: readonly IpCapture[];
  deviceIds: readonly DeviceCapture[];
  /** When the account was suspended for good, if it was. */
  permanentlyDisabledAt?: string | null | undefined;
  /** Earlier CyberTipline report ids about this account. */
  priorReports: readonly string[];
}

/** A minor the reported account wrote to, when the platform says so (a conversation's minor). */
export interface Recipient {
  id: string;
  screenName?: string | null | undefined;
  age?: number | undefined;
}

export interface ReportFacts {
  clauses: readonly string[];
  /** When the incident happened (the earliest reported item); clamped to before `now`. */
  incidentAt: string;
  now: string;
  platform?: string | undefined;
  /** The reason, when a reviewer marked an immediate risk to a child. */
  escalate?: string | null | undefined;
  reporter: Reporter;
  account: ReportedAccount;
  recipients: readonly Recipient[];
  /** Where: the items' permalinks or, for a link report, the links themselves. */
  urls: readonly string[];
  /** The URLs point at another company's servers (a link report). */
  thirdPartyHosted: boolean;
  /** The items were direct messages: a chat incident rather than a web page. */
  chat: boolean;
  additionalInfo: readonly string[];
}

export class ReportBuildError extends Error {
  override readonly name = 'ReportBuildError';
}

const LIMIT = { platform: 256, screenName: 256, espIdentifier: 255, legalUrl: 2083, additionalInfo: 3000, escalate: 3000, url: 2083 } as const;

export function reportXml(f: ReportFacts): string {
  return serialise(reportDocument(f));
}

export function reportDocument(f: ReportFacts): XmlNode {
  const incident = incidentFor(f.clauses);
  if (!incident) throw new ReportBuildError(`none of the clauses ${f.clauses.join(', ') || '(none)'} is reported to NCMEC`);
  return elAttrs(
    'report',
    [
      ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
      ['xsi:noNamespaceSchemaLocation', 'https://report.cybertip.org/ispws/xsd'],
    ],
    el(
      'incidentSummary',
      leaf('incidentType', incident.type),
      opt('platform', cap(f.platform, LIMIT.platform)),
      opt('escalateToHighPriority', cap(f.escalate ?? undefined, LIMIT.escalate)),
      annotations(incident.annotations),
      leaf('incidentDateTime', incidentDateTime(f.incidentAt, f.now)),
    ),
    internetDetails(f),
    reporter(f.reporter),
    personOrUserReported(f.account),
    f.recipients.map(recipient),
    opt('additionalInfo', cap(f.additionalInfo.join('\n\n'), LIMIT.additionalInfo)),
  );
}

/** NCMEC refuses an incident time in the future: at most one second before now, in UTC. */
export function incidentDateTime(at: string, now: string): string {
  const t = Date.parse(at);
  const latest = Date.parse(now) - 1000;
  if (!Number.isFinite(t) || !Number.isFinite(latest)) throw new ReportBuildError('the incident time and the current time must be ISO-8601 dates');
  return new Date(Math.min(t, latest)).toISOString();
}

function annotations(list: readonly ReportAnnotation[]): XmlNode | null {
  // Presence flags fixed to true: an absent flag is how "no" is said.
  return list.length === 0
    ? null
    : el(
        'reportAnnotations',
        list.map((a) => leaf(a, '')),
      );
}

function internetDetails(f: ReportFacts): XmlNode {
  // The schema's annotation asks for one incident subtype per report, whatever minOccurs says.
  // A URL longer than NCMEC takes is left out rather than cut into a different address.
  const urls = f.urls.filter((u) => u.length <= LIMIT.url).map((u) => leaf('url', u));
  if (f.chat && !f.thirdPartyHosted) return el('internetDetails', el('chatImIncident', opt('chatClient', f.platform)));
  return el('internetDetails', elAttrs('webPageIncident', [['thirdPartyHostedContent', f.thirdPartyHosted ? 'true' : undefined]], urls));
}

function reporter(r: Reporter): XmlNode {
  return el(
    'reporter',
    el('reportingPerson', opt('firstName', r.firstName), opt('lastName', r.lastName), opt('phone', r.phone), leaf('email', r.email)),
    opt('companyTemplate', r.companyTemplate),
    opt('termsOfService', r.termsOfService),
    opt('legalURL', cap(r.legalUrl, LIMIT.legalUrl)),
  );
}

function personOrUserReported(a: ReportedAccount): XmlNode {
  const person =
    a.emails.length + a.phones.length > 0
      ? el(
          'personOrUserReportedPerson',
          a.phones.map((p) => leaf('phone', p)),
          a.emails.map((e) => leaf('email', e)),
        )
      : null;
  return el(
    'personOrUserReported',
    person,
    leaf('espIdentifier', cap(a.id, LIMIT.espIdentifier)!),
    opt('screenName', cap(a.screenName ?? undefined, LIMIT.screenName)),
    opt('displayName', a.displayName),
    opt('profileUrl', a.profileUrl),
    a.ips.map(ipCaptureEvent),
    a.deviceIds.map(deviceId),
    a.priorReports.filter((r) => /^\d+$/.test(r)).map((r) => leaf('priorCTReports', r)),
    a.permanentlyDisabledAt ? leaf('accountPermanentlyDisabled', 'true', [['disabledDate', a.permanentlyDisabledAt]]) : null,
    a.emails.length > 0 ? leaf('allEmailsReported', 'true') : null,
  );
}

function recipient(r: Recipient): XmlNode {
  return el(
    'intendedRecipient',
    r.age !== undefined ? el('intendedRecipientPerson', leaf('age', String(r.age))) : null,
    leaf('espIdentifier', cap(r.id, LIMIT.espIdentifier)!),
    opt('screenName', cap(r.screenName ?? undefined, LIMIT.screenName)),
  );
}

export function ipCaptureEvent(c: IpCapture): XmlNode {
  return el('ipCaptureEvent', leaf('ipAddress', c.ip), opt('eventName', c.event), opt('dateTime', c.at), opt('port', c.port));
}

export function deviceId(d: DeviceCapture): XmlNode {
  return el('deviceId', leaf('idType', d.type), leaf('idValue', d.value), opt('eventName', d.event), opt('dateTime', d.at));
}

function cap(s: string | undefined, max: number): string | undefined {
  if (s === undefined) return undefined;
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
