// Reading reports for the legal role (API, CLI) and building the document one would send,
// without sending it (`vigie cybertip build`).
import type { Store } from '../../store/store.js';
import { cybertipById, cybertipFiles, listCybertips } from '../../store/cybertip-reports.js';
import { platformOf } from '../../moderation/platform-ids.js';
import { reportXml } from '../../legal/ncmec/index.js';
import { notFound, unavailable } from '../errors.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';
import { reportFacts, ReporterNotConfiguredError, type ReportSettings } from './report-facts.js';
import { cybertipView, type CybertipView } from './views.js';

export const CYBERTIP_STATUSES = ['draft', 'approved', 'submitting', 'submitted', 'uploaded', 'described', 'finished', 'retracted'] as const;

export interface ListQuery {
  status?: readonly string[] | undefined;
  caseId?: string | undefined;
  limit?: number | undefined;
}

export async function listCybertipViews(store: Store, platforms: PlatformAccess, q: ListQuery, now: Date): Promise<CybertipView[]> {
  const rows = await listCybertips(store.db, { status: q.status, caseId: q.caseId, limit: q.limit ?? 100 });
  const at = now.toISOString();
  return rows.filter((r) => sees(platforms, platformOf(r.account_id))).map((r) => cybertipView(r, at));
}

export async function cybertipDetail(store: Store, platforms: PlatformAccess, id: string, now: Date): Promise<CybertipView> {
  const row = await cybertipById(store.db, id);
  if (!row || !sees(platforms, platformOf(row.account_id))) throw notFound(`no CyberTipline report with id ${id}`);
  return cybertipView(row, now.toISOString(), await cybertipFiles(store.db, id));
}

/** The <report> document: the one sent, once the report was submitted; the one that would be sent, before. */
export async function cybertipDocument(store: Store, settings: ReportSettings, id: string, now: Date): Promise<{ xml: string; sent: boolean }> {
  const row = await cybertipById(store.db, id);
  if (!row) throw notFound(`no CyberTipline report with id ${id}`);
  if (row.report_xml !== null && row.ncmec_report_id !== null) return { xml: row.report_xml, sent: true };
  try {
    return { xml: reportXml(await reportFacts(store.db, settings, row, now.toISOString())), sent: false };
  } catch (err) {
    if (err instanceof ReporterNotConfiguredError) throw unavailable(err.message);
    throw err;
  }
}
