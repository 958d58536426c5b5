// Reading the moderation log for audit (GET /v1/log): in log order, optionally one
// subject's events, a page at a time with the sequence number to continue after.
//
// A staff member limited to some platforms reads only events on their platforms' accounts
// and content; anyone may narrow a read to one platform. A subject a platform owns is
// shown by its own id with its platform beside it; the hash fields are over the internal
// id ("<platform>\u001f<id>" for any platform but the default), which `vigie verify` checks.
import type { Store } from '../../store/store.js';
import { eventsAfter, rowToEvent } from '../../store/log-store.js';
import type { LoggedEvent } from '../../moderation/events.js';
import { externalId, isPlatformSubjectKind, platformOf, scopedId } from '../../moderation/platform-ids.js';
import { invalid } from '../errors.js';
import { platformMeant, type PlatformAccess } from '../platforms/platform-access.js';

export interface LogPageQuery {
  subjectKind?: string | undefined;
  /** The platform's own id when the subject is an account or content. */
  subjectId?: string | undefined;
  platform?: string | undefined;
  afterSeq?: number | undefined;
  limit?: number | undefined;
}

export interface LogEntry extends Omit<LoggedEvent, 'subject'> {
  subject: { kind: string; id: string; platform: string | null };
}

export interface LogPage {
  events: LogEntry[];
  /** Pass as afterSeq for the next page; null at the end. */
  nextAfterSeq: number | null;
}

export const LOG_PAGE_MAX = 1000;

export async function readLog(store: Pick<Store, 'db'>, query: LogPageQuery, access: PlatformAccess): Promise<LogPage> {
  if (query.subjectId !== undefined && query.subjectKind === undefined) throw invalid('subjectId needs subjectKind');
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), LOG_PAGE_MAX);
  const narrowed = access !== null || query.platform !== undefined;
  const platform = narrowed ? platformMeant(access, query.platform) : undefined;
  const subjectId =
    query.subjectId !== undefined && query.subjectKind !== undefined && isPlatformSubjectKind(query.subjectKind)
      ? scopedId(platform ?? platformMeant(access, undefined), query.subjectId)
      : query.subjectId;
  // One row more than asked says whether there is a next page.
  const rows = await eventsAfter(
    store.db,
    query.afterSeq ?? 0,
    { subjectKind: query.subjectKind, subjectId, ...(platform !== undefined ? { platforms: [platform] } : {}) },
    limit + 1,
  );
  const events = rows.slice(0, limit).map((row) => entry(rowToEvent(row)));
  return { events, nextAfterSeq: rows.length > limit ? events[events.length - 1]!.seq : null };
}

function entry(event: LoggedEvent): LogEntry {
  const owned = isPlatformSubjectKind(event.subject.kind);
  return {
    ...event,
    subject: owned
      ? { kind: event.subject.kind, id: externalId(event.subject.id), platform: platformOf(event.subject.id) }
      : { kind: event.subject.kind, id: event.subject.id, platform: null },
  };
}
