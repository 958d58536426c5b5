// A statement of reasons for every restriction, written in the unit of work that takes it
// (called by the one enforcement path, Enforcement.takeActions): the facts the DSA statement
// is built from (policy/statement-of-reasons.ts), and whether the person may be shown it
// (only where the policy allows notice: a removal marked notifyUser, an account action whose
// decision notifies the account holder; never where material is removed without notice).
import type { LoggedEvent, LoggedEventOf } from '../../moderation/events.js';
import type { UnitOfWork } from '../../store/store.js';
import { eventsOf } from '../../store/log-store.js';
import { contentState } from '../../store/subject-states.js';
import { firstReportOn, insertStatements, type StatementRow } from '../../store/statements.js';
import { platformOf } from '../../moderation/platform-ids.js';
import { isRestriction, type RestrictionFacts } from '../../policy/statement-of-reasons.js';
import { actionIdOf } from '../../store/actions.js';
import type { Tx } from '../../store/transaction.js';

export async function recordStatements(w: UnitOfWork, logged: readonly LoggedEvent[]): Promise<void> {
  const restrictions = logged.filter(
    (e): e is LoggedEventOf<'action.taken'> =>
      e.type === 'action.taken' && isRestriction(e.payload.action) && (e.subject.kind === 'account' || e.subject.kind === 'content'),
  );
  if (restrictions.length === 0) return;
  const rows: StatementRow[] = [];
  for (const e of restrictions) rows.push(await statementRow(w.tx, e, logged));
  await insertStatements(w.tx, rows);
}

async function statementRow(tx: Tx, e: LoggedEventOf<'action.taken'>, logged: readonly LoggedEvent[]): Promise<StatementRow> {
  const p = e.payload;
  const sameDecision = (o: LoggedEvent) => o.at === e.at && o.actor.kind === e.actor.kind && o.actor.id === e.actor.id;
  let accountId = e.subject.id;
  let contentIds: string[];
  if (e.subject.kind === 'content') {
    contentIds = [e.subject.id];
    accountId = (await contentState(tx, e.subject.id))?.authorId ?? '';
  } else if (p.action === 'lock_account') {
    contentIds = [...(p.contentIds ?? [])];
  } else {
    contentIds = logged.flatMap((o) => (o.type === 'action.taken' && o.payload.action === 'remove_content' && sameDecision(o) ? [o.subject.id] : []));
  }
  const content = await describeContent(tx, contentIds);
  const subjects = [{ kind: e.subject.kind, id: e.subject.id }, ...contentIds.map((id) => ({ kind: 'content', id }))];
  const reportedAt = await firstReportOn(tx, subjects);
  const reported = reportedAt !== null;
  const sources = [...content.sources, ...(reported ? ['report'] : [])];
  const starts = [reportedAt, content.firstSignalAt].filter((x): x is string => x !== null).sort();
  const synthetic = logged.some((o) => o.type === 'cybertip.drafted' && sameDecision(o) && (o.payload.materialNature?.length ?? 0) > 0);
  const facts: RestrictionFacts = {
    actionId: actionIdOf(e),
    action: p.action as RestrictionFacts['action'],
    permanent: p.action === 'suspend_account' && p.permanent !== false,
    clauses: [...(p.clauses ?? [])],
    automatedDecision: p.automated === true,
    automatedDetection: p.automated === true || content.signals,
    reported,
    media: content.media,
    syntheticMaterial: synthetic,
    contentDate: content.firstDate ?? e.at,
    appliedAt: e.at,
    sources: [...new Set(sources)].sort(),
    detectedAt: starts[0] ?? null,
  };
  const notify =
    e.subject.kind === 'content'
      ? p.notifyUser === true
      : logged.some((o) => o.type === 'action.taken' && o.payload.action === 'notify_user' && o.subject.id === e.subject.id && sameDecision(o));
  return {
    puid: facts.actionId,
    platform: platformOf(e.subject.id),
    account_id: accountId,
    action: p.action,
    notify: notify ? 1 : 0,
    applied_at: e.at,
    facts_json: JSON.stringify(facts),
    submitted_at: null,
    submission_uuid: null,
    submitted_json: null,
    submission_error: null,
    event_seq: e.seq,
  };
}

interface ContentFacts {
  media: RestrictionFacts['media'];
  signals: boolean;
  firstDate: string | null;
  /** The detectors that found it (detectionSource). */
  sources: string[];
  firstSignalAt: string | null;
}

/** The transparency figures' detection sources, from a signal's kind and source. */
export function detectionSource(signal: string, source: string): string {
  if (signal === 'known-material') return 'bank';
  if (signal === 'link-bank') return 'link';
  if (signal === 'conversation' || source === 'conversation') return 'conversation';
  if (signal === 'classifier') return 'classifier';
  return source === 'text' ? 'text' : 'other';
}

/** What kind of content the restriction concerned, read from each item's ingest event (a handful of items at most). */
async function describeContent(tx: Tx, ids: readonly string[]): Promise<ContentFacts> {
  const out: ContentFacts = { media: { images: false, videos: false, text: false }, signals: false, firstDate: null, sources: [], firstSignalAt: null };
  for (const id of ids.slice(0, 20)) {
    const events = await eventsOf(tx, { kind: 'content', id }, 50);
    for (const ev of events) {
      if (ev.type === 'signal.recorded') {
        out.signals = true;
        out.sources.push(detectionSource(ev.payload.signal, ev.payload.source));
        if (out.firstSignalAt === null || ev.at < out.firstSignalAt) out.firstSignalAt = ev.at;
      }
      if (ev.type !== 'content.ingested') continue;
      const p = ev.payload;
      if (p.text !== null && p.text.trim() !== '') out.media.text = true;
      for (const m of p.media) {
        if (m.detectedType.startsWith('image/')) out.media.images = true;
        else if (m.detectedType.startsWith('video/')) out.media.videos = true;
      }
      if (out.firstDate === null || p.createdAt < out.firstDate) out.firstDate = p.createdAt;
    }
  }
  return out;
}
