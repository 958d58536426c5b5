// Reading the moderation log for audit (GET /v1/log): in log order, optionally one
// subject's events, a page at a time with the sequence number to continue after.
import type { Store } from '../../store/store.js';
import { eventsAfter, rowToEvent } from '../../store/log-store.js';
import type { LoggedEvent } from '../../moderation/events.js';
import { invalid } from '../errors.js';

export interface LogPageQuery {
  subjectKind?: string | undefined;
  subjectId?: string | undefined;
  afterSeq?: number | undefined;
  limit?: number | undefined;
}

export interface LogPage {
  events: LoggedEvent[];
  /** Pass as afterSeq for the next page; null at the end. */
  nextAfterSeq: number | null;
}

export const LOG_PAGE_MAX = 1000;

export async function readLog(store: Pick<Store, 'db'>, query: LogPageQuery): Promise<LogPage> {
  if (query.subjectId !== undefined && query.subjectKind === undefined) throw invalid('subjectId needs subjectKind');
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), LOG_PAGE_MAX);
  // One row more than asked says whether there is a next page.
  const rows = await eventsAfter(store.db, query.afterSeq ?? 0, { subjectKind: query.subjectKind, subjectId: query.subjectId }, limit + 1);
  const events = rows.slice(0, limit).map(rowToEvent);
  return { events, nextAfterSeq: rows.length > limit ? events[events.length - 1]!.seq : null };
}
