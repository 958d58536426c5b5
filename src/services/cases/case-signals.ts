// Every signal on what a case is about, with why it fired, in words a reviewer can check:
// for a hash match the bank, its provenance, the hash type and the distance; for text the
// rule and the span; for a link the listed address or pattern and its list; for a
// classifier the provider, model, version and score; a report as the reason given. The
// detector's own evidence stays alongside, unchanged, under the same keys it was logged with.
import type { Tx } from '../../store/transaction.js';
import { signalEventsOf } from '../../store/case-console.js';
import type { ReportRow } from '../../store/reports.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { JsonObject } from '../../moderation/events.js';
import { externalId } from '../../moderation/platform-ids.js';
import { REPORT_REASONS } from '../../policy/report-reasons.js';
import { caseContentIds } from './case-subject.js';

export type SignalSourceKind = 'hash' | 'link' | 'text' | 'classifier' | 'conversation' | 'report' | 'registry';

export interface SignalView {
  source: SignalSourceKind;
  /** The detector's own name for the signal and its source, as logged. */
  signal: string;
  detector: string;
  clause: string | null;
  strength: number | null;
  at: string;
  subject: { kind: 'content' | 'account' | 'case'; id: string };
  evidence: JsonObject;
}

export function sourceKind(source: string): SignalSourceKind {
  if (source.startsWith('bank:')) return 'hash';
  if (source.startsWith('url-bank:')) return 'link';
  if (source.startsWith('classifier:')) return 'classifier';
  if (source === 'text') return 'text';
  if (source === 'conversation') return 'conversation';
  return 'registry';
}

/** The rule behind a text signal's spans (or its family when several rules read the words), per item and family. */
export type RuleLookup = (contentId: string, family: string) => string;

/**
 * Whether a text rule reads the words themselves (and so made the spans), rather than other
 * rules' findings or the conversation (a second-phase rule); true for a rule no longer loaded.
 */
export type ReadsWords = (ruleId: string) => boolean;

export async function caseSignals(
  db: Tx,
  c: CaseState,
  reports: readonly ReportRow[],
  readsWords: ReadsWords = () => true,
): Promise<{ signals: SignalView[]; ruleOf: RuleLookup }> {
  const contentIds = caseContentIds(c);
  const accountIds = c.subjectKind === 'account' ? [c.subjectId] : [];
  const rules = new Map<string, string>();
  const signals: SignalView[] = [];
  for (const e of await signalEventsOf(db, contentIds, accountIds)) {
    const p = JSON.parse(e.payload_json) as { signal: string; source: string; strength: number; clause: string | null; evidence: JsonObject };
    const kind = sourceKind(p.source);
    const rule = kind === 'text' ? spanRule(p.evidence, p.signal, readsWords) : undefined;
    if (rule !== undefined) rules.set(`${e.subject_id}\u0000${p.signal}`, rule);
    signals.push({
      source: kind,
      signal: p.signal,
      detector: p.source,
      clause: p.clause,
      strength: p.strength,
      at: e.at,
      subject: { kind: e.subject_kind as 'content' | 'account', id: externalId(e.subject_id) },
      evidence: { ...p.evidence, ...why(kind, p), ...(rule !== undefined ? { rule } : {}) },
    });
  }
  for (const r of reports) {
    const reason = REPORT_REASONS.find((x) => x.id === r.category);
    signals.push({
      source: 'report',
      signal: 'report',
      detector: 'report',
      clause: reason?.clause ?? null,
      strength: null,
      at: r.created_at,
      subject: { kind: 'case', id: c.id },
      evidence: { reportId: r.id, reason: r.category, reporterKind: r.reporter_kind },
    });
  }
  signals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { signals, ruleOf: (contentId, family) => rules.get(`${contentId}\u0000${family}`) ?? family };
}

/** The rule behind a text signal's spans: the one rule of its family that read the words, else the family. */
function spanRule(evidence: JsonObject, family: string, readsWords: ReadsWords): string {
  const fired = (Array.isArray(evidence.rules) ? evidence.rules : []).filter((r): r is string => typeof r === 'string' && readsWords(r));
  return fired.length === 1 ? fired[0]! : family;
}

/** The named fields a reviewer reads first, taken from the detector's evidence. */
function why(kind: SignalSourceKind, p: { signal: string; source: string; strength: number; evidence: JsonObject }): JsonObject {
  const ev = p.evidence;
  switch (kind) {
    case 'hash':
      return {
        bank: ev.bankName ?? p.source.slice('bank:'.length),
        provenance: ev.bankSource ?? null,
        verified: ev.verified ?? null,
        hashType: ev.hashType ?? null,
        distance: ev.distance ?? null,
      };
    case 'text': {
      const rules = Array.isArray(ev.rules) ? ev.rules : [];
      return { rules, family: p.signal, spans: ev.spans ?? [] };
    }
    case 'link':
      return {
        url: ev.url ?? null,
        pattern: ev.expression ?? null,
        list: ev.bankName ?? p.source.slice('url-bank:'.length),
        provenance: ev.provenance ?? null,
      };
    case 'classifier':
      return { provider: ev.provider ?? null, model: ev.model ?? null, version: ev.modelVersion ?? null, score: ev.score ?? p.strength };
    case 'conversation':
      return { families: ev.families ?? {}, minorRecipient: ev.minorRecipient ?? null };
    default:
      return {};
  }
}
