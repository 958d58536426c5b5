// The console's queue filters (clause, source, urgent, language), the cases a reviewer holds,
// and the exceptions waiting for a senior. A case's facets are read from its log (the clauses
// of the rules and reports that opened and joined it), its reports and the signals on what it
// is about; a language is that of a text rule that fired, when the rule names one. Filters run
// over the first FILTER_WINDOW open cases of the queue in claim order.
import type { Store } from '../../store/store.js';
import type { Tx } from '../../store/transaction.js';
import { caseEventsOfTypes, casesHeldBy, escalatedCases, openCasesInQueue, reportReasonsOfCases, signalEventsOf } from '../../store/case-console.js';
import type { CaseState } from '../../moderation/folds/case.js';
import { REPORT_REASONS } from '../../policy/report-reasons.js';
import { forbidden } from '../errors.js';
import { caseView, type CaseView } from './case-views.js';
import { claimFirstFree, claimNext, mayClaim, queuesFor, type ClaimDeps } from './claim-case.js';
import { caseContentIds } from './case-subject.js';
import { sourceKind, type SignalSourceKind } from './case-signals.js';
import { may, type Reviewer } from './reviewer.js';

export const FILTER_WINDOW = 1000;

export interface CaseFilter {
  clause?: string | undefined;
  source?: SignalSourceKind | undefined;
  urgent?: boolean | undefined;
  language?: string | undefined;
}

export interface CaseFacets {
  clauses: string[];
  sources: SignalSourceKind[];
  urgent: boolean;
  languages: string[];
}

/** The languages a text rule is written for (none when it names none). */
export type RuleLanguages = (ruleId: string) => readonly string[];

export function isFiltered(f: CaseFilter): boolean {
  return f.clause !== undefined || f.source !== undefined || f.urgent !== undefined || f.language !== undefined;
}

export async function caseFacets(db: Tx, cases: readonly CaseState[], languagesOf: RuleLanguages): Promise<Map<string, CaseFacets>> {
  const out = new Map<string, CaseFacets>();
  const bySubject = new Map<string, string[]>();
  for (const c of cases) {
    out.set(c.id, { clauses: [], sources: c.reportIds.length > 0 ? ['report'] : [], urgent: c.urgent, languages: [] });
    const subjects = [...caseContentIds(c), ...(c.subjectKind === 'account' ? [c.subjectId] : [])];
    for (const s of subjects) bySubject.set(s, [...(bySubject.get(s) ?? []), c.id]);
  }
  const add = <T>(list: T[], v: T) => {
    if (!list.includes(v)) list.push(v);
  };
  const ids = cases.map((c) => c.id);
  for (const e of await caseEventsOfTypes(db, ids, ['case.opened', 'case.joined'])) {
    const p = JSON.parse(e.payload_json) as { clauses?: string[] };
    for (const clause of p.clauses ?? []) add(out.get(e.subject_id)!.clauses, clause);
  }
  for (const r of await reportReasonsOfCases(db, ids)) {
    const clause = REPORT_REASONS.find((x) => x.id === r.category)?.clause;
    const f = r.case_id === null ? undefined : out.get(r.case_id);
    if (f && clause) add(f.clauses, clause);
    if (f) add(f.sources, 'report');
  }
  const contentIds = cases.flatMap(caseContentIds);
  const accountIds = cases.filter((c) => c.subjectKind === 'account').map((c) => c.subjectId);
  for (const e of await signalEventsOf(db, contentIds, accountIds)) {
    const p = JSON.parse(e.payload_json) as { source: string; clause: string | null; evidence: { rules?: unknown } };
    const kind = sourceKind(p.source);
    for (const caseId of bySubject.get(e.subject_id) ?? []) {
      const f = out.get(caseId)!;
      add(f.sources, kind);
      if (p.clause) add(f.clauses, p.clause);
      if (kind === 'text' && Array.isArray(p.evidence.rules))
        for (const rule of p.evidence.rules) if (typeof rule === 'string') for (const l of languagesOf(rule)) add(f.languages, l);
    }
  }
  return out;
}

function matches(f: CaseFacets, filter: CaseFilter): boolean {
  return (
    (filter.clause === undefined || f.clauses.includes(filter.clause)) &&
    (filter.source === undefined || f.sources.includes(filter.source)) &&
    (filter.urgent === undefined || f.urgent === filter.urgent) &&
    (filter.language === undefined || f.languages.includes(filter.language))
  );
}

async function filtered(db: Tx, r: Reviewer, queue: string, filter: CaseFilter, languagesOf: RuleLanguages, limit = FILTER_WINDOW): Promise<CaseState[]> {
  const cases = await openCasesInQueue(db, queue, isFiltered(filter) ? FILTER_WINDOW : limit, r.platforms);
  if (!isFiltered(filter)) return cases;
  const facets = await caseFacets(db, cases, languagesOf);
  return cases.filter((c) => matches(facets.get(c.id)!, filter));
}

export async function filteredQueuePage(
  store: Pick<Store, 'db'>,
  r: Reviewer,
  queue: string,
  filter: CaseFilter,
  limit: number,
  languagesOf: RuleLanguages,
): Promise<CaseView[]> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  return (await filtered(store.db, r, queue, filter, languagesOf, limit)).slice(0, limit).map(caseView);
}

/** The next case of the queue that fits the filter, claimed; without a filter, as claimNext. */
export async function claimNextFiltered(
  deps: ClaimDeps,
  r: Reviewer,
  queue: string,
  filter: CaseFilter,
  languagesOf: RuleLanguages,
): Promise<CaseState | null> {
  if (!isFiltered(filter)) return claimNext(deps, r, [queue]);
  // Refused as claimNext refuses, before anything is read.
  if (!mayClaim(r)) throw forbidden('only those who decide cases (or legal, for its queue) claim them');
  if (queuesFor(r, [queue]).length === 0) throw forbidden('none of these queues is yours to work');
  const at = deps.now().toISOString();
  const candidates = (await filtered(deps.store.db, r, queue, filter, languagesOf)).filter(
    (c) => c.assigneeId === null || c.leaseUntil === undefined || c.leaseUntil === null || c.leaseUntil < at,
  );
  return claimFirstFree(
    deps,
    r,
    candidates.map((c) => c.id),
  );
}

export async function casesIHold(store: Pick<Store, 'db'>, r: Reviewer, now: Date): Promise<CaseView[]> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  return (await casesHeldBy(store.db, r.id, now.toISOString(), r.platforms)).map(caseView);
}

export interface PendingException {
  case: CaseView;
  /** Who found the exception (a staff id) and their finding, as it waits. */
  finding: unknown;
  /** The caller made this finding: a second person must answer it. */
  yours: boolean;
}

export async function pendingExceptions(store: Pick<Store, 'db'>, r: Reviewer, limit: number): Promise<PendingException[]> {
  if (!may(r, 'exception:confirm')) throw forbidden('only a senior reviewer answers exceptions');
  const cases = await escalatedCases(store.db, FILTER_WINDOW, r.platforms);
  return cases
    .filter((c) => c.pendingFinding !== undefined && c.pendingFinding !== null)
    .slice(0, limit)
    .map((c) => ({
      case: caseView(c),
      finding: c.pendingFinding,
      yours: (c.pendingFinding as { reviewerId?: string }).reviewerId === r.id,
    }));
}
