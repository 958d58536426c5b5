// A reviewer's NCMEC industry classification (A1, A2, B1, B2) of the media of a case they
// decide. NCMEC asks that only a company that has executed the MOU of its Industry Hash
// Sharing Platform send it (VIGIE_NCMEC_INDUSTRY_MOU), and it belongs to a reported file
// (fileRelevance "Reported"): so it is taken only with a violation that files a
// CyberTipline report, and only for media the case is about, named by SHA-256 as the case's
// media routes name them. It is written in the case.decided event; the report's file details
// read it from there (cybertip/report-facts.ts).
import type { Tx } from '../../store/transaction.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { Decision } from '../../policy/decision.js';
import type { IndustryClassification } from '../../legal/ncmec/index.js';
import { invalid } from '../errors.js';
import { caseMedia } from './case-subject.js';

/** SHA-256 of a media item of the case → its classification. */
export type IndustryClassifications = Record<string, IndustryClassification>;

/** The classifications to record, checked; undefined when none were given. */
export async function checkedClassifications(
  db: Tx,
  c: CaseState,
  given: IndustryClassifications | undefined,
  decision: Decision,
  mouSigned: boolean,
): Promise<IndustryClassifications | undefined> {
  const entries = Object.entries(given ?? {});
  if (entries.length === 0) return undefined;
  if (!mouSigned) {
    throw invalid(
      'industryClassifications are not taken: the company has not said it executed NCMEC’s MOU for the Industry Hash Sharing Platform (VIGIE_NCMEC_INDUSTRY_MOU)',
    );
  }
  if (decision.outcome !== 'act' || decision.clauses.length === 0) {
    throw invalid('industryClassifications go only with a violation (not with no violation or an exception)');
  }
  if (!decision.plan.some((s) => s.kind === 'file_cybertip')) {
    throw invalid('industryClassifications go with a CyberTipline report, and this decision files none');
  }
  const media = new Set((await caseMedia(db, c)).map((m) => m.sha256));
  const stray = entries.map(([sha256]) => sha256).filter((sha256) => !media.has(sha256));
  if (stray.length > 0) throw invalid(`not a media item of this case: ${stray.join(', ')}`);
  return Object.fromEntries(entries);
}
