// What a report says, gathered from the store: the reported account as the platform
// described it, the reported items and how they were found, who saw what (a file counts as
// viewed only when a media.revealed event on the case names its SHA-256: United States v.
// Wilson, legal.md §2), and the files' digests. Read-only; the pure builders
// (legal/ncmec) turn these facts into the documents.
import type { Tx } from '../../store/transaction.js';
import type { CybertipFileRow, CybertipRow } from '../../store/cybertip-reports.js';
import { priorNcmecReports } from '../../store/cybertip-reports.js';
import { accountStates } from '../../store/subject-states.js';
import { eventsOf } from '../../store/log-store.js';
import type { LoggedEvent } from '../../moderation/events.js';
import { externalId } from '../../moderation/platform-ids.js';
import { isMaterialNature } from '../../policy/material.js';
import { TAKE_IT_DOWN } from '../../match/bank.js';
import {
  fileAnnotationsFor,
  takeItDownNote,
  type FileDetails,
  type IndustryClassification,
  type ReportFacts,
  type Reporter,
  type IpCapture,
  type Recipient,
} from '../../legal/ncmec/index.js';
import type { NcmecConfig } from '../../config/ncmec.js';

export interface ReportSettings {
  reporter: NcmecConfig['reporter'];
  platform: string | undefined;
}

export class ReporterNotConfiguredError extends Error {
  override readonly name = 'ReporterNotConfiguredError';
}

interface SignalPayload {
  signal?: string;
  evidence?: Record<string, unknown>;
}

/** The <report> document's facts for one report row. */
export async function reportFacts(db: Tx, settings: ReportSettings, row: CybertipRow, now: string): Promise<ReportFacts> {
  const reporter = reporterOf(settings);
  const contentIds = JSON.parse(row.content_ids_json) as string[];
  const clauses = JSON.parse(row.clauses_json) as string[];
  const contents =
    contentIds.length === 0
      ? []
      : await db.selectFrom('content').select(['id', 'kind', 'links_json', 'recipient_id', 'created_at']).where('id', 'in', contentIds).execute();
  const signals = await signalsOf(db, contentIds);
  const accountIds = [row.account_id, ...contents.map((c) => c.recipient_id).filter((x): x is string => x !== null)];
  const states = await accountStates(db, accountIds);
  const account = states.get(row.account_id);
  const identifiers = (account?.identifiers ?? {}) as { email?: unknown; phone?: unknown; deviceIds?: unknown; ips?: unknown };

  const linkUrls = signals.flatMap((s) => (s.signal === 'link-bank' && typeof s.evidence?.url === 'string' ? [s.evidence.url] : []));
  const linkReport = clauses.includes('content.link-to-material') && linkUrls.length > 0;
  const recipients: Recipient[] = [];
  for (const c of contents) {
    if (c.kind !== 'direct_message' || c.recipient_id === null) continue;
    const r = states.get(c.recipient_id);
    if (r?.minor !== true || recipients.some((x) => x.id === externalId(c.recipient_id!))) continue;
    recipients.push({ id: externalId(c.recipient_id), screenName: r.handle });
  }
  const created = contents.map((c) => c.created_at).sort();
  return {
    clauses,
    incidentAt: created[0] ?? row.drafted_at,
    now,
    platform: settings.platform,
    escalate: await escalationOf(db, row.id),
    reporter,
    account: {
      id: externalId(row.account_id),
      screenName: account?.handle ?? null,
      emails: strings(identifiers.email),
      phones: strings(identifiers.phone),
      ips: strings(identifiers.ips).map((ip): IpCapture => ({ ip })),
      deviceIds: strings(identifiers.deviceIds).map((value) => ({ type: 'device id (as given by the platform)', value })),
      permanentlyDisabledAt: account?.status === 'suspended' ? await suspendedAt(db, row.account_id) : null,
      priorReports: await priorNcmecReports(db, row.account_id, row.id),
    },
    recipients,
    urls: linkReport ? unique(linkUrls) : [],
    thirdPartyHosted: linkReport,
    chat: contents.some((c) => c.kind === 'direct_message'),
    additionalInfo: additionalInfo(row, signals),
  };
}

/** The <fileDetails> facts for one uploaded file (reportId and fileId are NCMEC's). */
export async function fileFacts(db: Tx, row: CybertipRow, file: CybertipFileRow): Promise<Omit<FileDetails, 'reportId' | 'fileId'>> {
  const caseEvents = row.case_id !== null ? await eventsOf(db, { kind: 'case', id: row.case_id }, 100_000) : [];
  const revealed = revealedIn(caseEvents);
  const content = await db.selectFrom('content').select(['kind']).where('id', '=', file.content_id).executeTakeFirst();
  const media = await db
    .selectFrom('media')
    .select('original_file_name')
    .where('content_id', '=', file.content_id)
    .where('media_id', '=', file.media_id)
    .executeTakeFirst();
  const natures = (JSON.parse(row.material_nature_json) as unknown[]).filter(isMaterialNature);
  const signals = await signalsOf(db, [file.content_id]);
  const pdq = signals.find((s) => s.evidence?.mediaId === file.media_id && typeof s.evidence?.mediaPdq === 'string')?.evidence?.mediaPdq as string | undefined;
  // Every file vigie sends is "Reported" (NCMEC's default, not written), the only relevance
  // that may carry a classification; a report no person decided has none.
  const classification = row.automated === 0 ? reviewerClassification(caseEvents, row, file.sha256) : undefined;
  return {
    ...(media?.original_file_name ? { originalFileName: media.original_file_name } : {}),
    uploadedToEspTimestamp: file.received_at,
    fileViewedByEsp: revealed.has(file.sha256),
    // vigie shows no EXIF to reviewers, so no one at the company viewed it.
    exifViewedByEsp: false,
    publiclyAvailable: content ? content.kind !== 'direct_message' : undefined,
    annotations: fileAnnotationsFor(natures),
    ...(classification ? { industryClassification: classification } : {}),
    originalFileHashes: [
      { hashType: 'MD5', value: file.md5 },
      { hashType: 'SHA256', value: file.sha256 },
    ],
    ...(pdq ? { perceptualHashes: [{ name: 'PDQ', value: pdq }] } : {}),
  };
}

/** The reason the legal role gave for escalating the report to high priority on approving it, if it did. */
async function escalationOf(db: Tx, cybertipId: string): Promise<string | null> {
  const approvals = (await eventsOf(db, { kind: 'cybertip', id: cybertipId }, 1000)).filter((e) => e.type === 'cybertip.approved');
  for (const e of approvals.reverse()) if (e.type === 'cybertip.approved' && e.payload.escalateToHighPriority) return e.payload.escalateToHighPriority;
  return null;
}

/** The SHA-256 of every file a reviewer chose to see unblurred on the case. */
function revealedIn(events: readonly LoggedEvent[]): Set<string> {
  return new Set(events.flatMap((e) => (e.type === 'media.revealed' ? [e.payload.sha256] : [])));
}

/**
 * The reviewer's classification of a file, from the decision that drafted this report: the
 * case.decided written in the same unit of work as the draft (after it, at the same time).
 * A later decision on the same case, if there ever were one, is not this report's.
 */
function reviewerClassification(events: readonly LoggedEvent[], row: CybertipRow, sha256: string): IndustryClassification | undefined {
  const decided = events.find((e) => e.type === 'case.decided' && e.seq > row.drafted_seq && e.at === row.drafted_at);
  return decided?.type === 'case.decided' ? decided.payload.industryClassifications?.[sha256] : undefined;
}

function reporterOf(s: ReportSettings): Reporter {
  const r = s.reporter;
  if (!r.email)
    throw new ReporterNotConfiguredError('the reporter is not configured: set VIGIE_NCMEC_REPORTER_EMAIL (and the other VIGIE_NCMEC_REPORTER_* settings)');
  return {
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email,
    phone: r.phone,
    companyTemplate: r.companyTemplate,
    termsOfService: r.termsOfService,
    legalUrl: r.legalUrl,
  };
}

async function signalsOf(db: Tx, contentIds: readonly string[]): Promise<SignalPayload[]> {
  if (contentIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select('payload_json')
    .where('type', '=', 'signal.recorded')
    .where('subject_kind', '=', 'content')
    .where('subject_id', 'in', [...contentIds])
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.payload_json) as SignalPayload);
}

async function suspendedAt(db: Tx, accountId: string): Promise<string | null> {
  const events = await eventsOf(db, { kind: 'account', id: accountId }, 100_000);
  const taken = events.filter((e) => e.type === 'action.taken' && e.payload.action === 'suspend_account');
  return taken[taken.length - 1]?.at ?? null;
}

function additionalInfo(row: CybertipRow, signals: readonly SignalPayload[]): string[] {
  const out: string[] = [];
  const banks = unique(
    signals.flatMap((s) =>
      s.signal === 'known-material' && s.evidence?.verified === true && typeof s.evidence.bankName === 'string' ? [s.evidence.bankName] : [],
    ),
  );
  const takeItDown = signals.find((s) => s.signal === 'known-material' && s.evidence?.bankSource === TAKE_IT_DOWN);
  if (takeItDown) {
    const ev = takeItDown.evidence!;
    out.push(
      takeItDownNote({
        bankName: String(ev.bankName),
        hashType: String(ev.hashType),
        listVersion: null,
        reviewed: row.automated === 0,
      }),
    );
  } else if (row.automated === 1 && banks.length > 0) {
    out.push(
      `The file matched a hash on a verified hash list (${banks.join(', ')}). The company removed it without notice and suspended the account; no person at the company viewed the file unless its fileViewedByEsp says so.`,
    );
  } else if (row.automated === 0) {
    out.push('A trained reviewer at the company decided on this report.');
  }
  return out;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return [];
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
