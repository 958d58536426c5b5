// Reports as the legal role's API and the CLI show them. A report marked failed shows as
// `failed` with the step it had reached, and ids are the platform's own (externalId).
import type { CybertipFileRow, CybertipRow } from '../../store/cybertip-reports.js';
import { externalId } from '../../moderation/platform-ids.js';

export interface CybertipView {
  id: string;
  caseId: string | null;
  accountId: string;
  status: string;
  /** The step reached when the report failed, else null. */
  reached: string | null;
  ncmecReportId: string | null;
  environment: string | null;
  clauses: string[];
  contentIds: string[];
  automated: boolean;
  draftedAt: string;
  approveBy: string;
  overdue: boolean;
  approvedBy: string | null;
  approvedAt: string | null;
  submittedAt: string | null;
  finishedAt: string | null;
  retractedAt: string | null;
  failedAt: string | null;
  lastError: string | null;
  files?: CybertipFileView[];
}

export interface CybertipFileView {
  sha256: string;
  md5: string;
  contentId: string;
  mediaId: string;
  ncmecFileId: string | null;
  md5Confirmed: boolean | null;
  detailsSent: boolean;
}

export function cybertipView(row: CybertipRow, now: string, files?: readonly CybertipFileRow[]): CybertipView {
  return {
    id: row.id,
    caseId: row.case_id,
    accountId: externalId(row.account_id),
    status: row.failed_at !== null ? 'failed' : row.status,
    reached: row.failed_at !== null ? row.status : null,
    ncmecReportId: row.ncmec_report_id,
    environment: row.environment,
    clauses: JSON.parse(row.clauses_json) as string[],
    contentIds: (JSON.parse(row.content_ids_json) as string[]).map(externalId),
    automated: row.automated === 1,
    draftedAt: row.drafted_at,
    approveBy: row.approve_by,
    overdue: row.status === 'draft' && row.approve_by < now,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    submittedAt: row.submitted_at,
    finishedAt: row.finished_at,
    retractedAt: row.retracted_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
    ...(files
      ? {
          files: files.map((f) => ({
            sha256: f.sha256,
            md5: f.md5,
            contentId: externalId(f.content_id),
            mediaId: f.media_id,
            ncmecFileId: f.ncmec_file_id,
            md5Confirmed: f.ncmec_md5 === null ? null : f.ncmec_md5.toLowerCase() === f.md5.toLowerCase(),
            detailsSent: f.details_sent_at !== null,
          })),
        }
      : {}),
  };
}
