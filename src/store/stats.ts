// The reads behind the transparency figures: restrictions (their statements' facts) page by
// page, and day counts of reports, appeals and CyberTipline and INHOPE events. Day counts
// are grouped in SQL (substr of the ISO time reads the same on both stores), so a year's
// figures never bring a year's rows into memory.
import { sql } from 'kysely';
import type { Tx } from './transaction.js';
import { ownedByOneOf } from './platform-filter.js';

export interface RestrictionRow {
  puid: string;
  applied_at: string;
  facts_json: string;
}

/** Restrictions applied in [from, to) on these platforms (null: all), after the cursor, in (applied_at, puid) order. */
export async function restrictionPage(
  db: Tx,
  from: string,
  to: string,
  platforms: readonly string[] | null,
  after: { appliedAt: string; puid: string } | null,
  limit: number,
): Promise<RestrictionRow[]> {
  let q = db.selectFrom('statements').select(['puid', 'applied_at', 'facts_json']).where('applied_at', '>=', from).where('applied_at', '<', to);
  if (platforms !== null) q = q.where('platform', 'in', platforms.length > 0 ? [...platforms] : ['']);
  if (after)
    q = q.where((eb) => eb.or([eb('applied_at', '>', after.appliedAt), eb.and([eb('applied_at', '=', after.appliedAt), eb('puid', '>', after.puid)])]));
  return q.orderBy('applied_at').orderBy('puid').limit(limit).execute();
}

export interface DayCount {
  day: string;
  n: number;
}

const day = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;

export async function reportsPerDay(db: Tx, from: string, to: string, platforms: readonly string[] | null): Promise<DayCount[]> {
  let q = db
    .selectFrom('reports')
    .select([day('created_at').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to);
  if (platforms !== null) q = q.where(ownedByOneOf('subject_id', platforms));
  const rows = await q.groupBy(day('created_at')).execute();
  return rows.map((r) => ({ day: r.day, n: Number(r.n) }));
}

/** Appeals filed, and resolved (with how many overturned), per day. */
export async function appealsPerDay(
  db: Tx,
  from: string,
  to: string,
  platforms: readonly string[] | null,
): Promise<{ filed: DayCount[]; resolved: DayCount[]; overturned: DayCount[] }> {
  const platformIn = platforms === null ? null : platforms.length > 0 ? [...platforms] : [''];
  let filed = db
    .selectFrom('appeals')
    .select([day('filed_at').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('filed_at', '>=', from)
    .where('filed_at', '<', to);
  if (platformIn) filed = filed.where('platform', 'in', platformIn);
  const resolvedQ = (status: string | null) => {
    let q = db
      .selectFrom('appeals')
      .select([day('resolved_at').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('resolved_at', '>=', from)
      .where('resolved_at', '<', to);
    if (status) q = q.where('status', '=', status);
    if (platformIn) q = q.where('platform', 'in', platformIn);
    return q.groupBy(day('resolved_at')).execute();
  };
  const conv = (rows: { day: string; n: number | string | bigint }[]) => rows.map((r) => ({ day: r.day, n: Number(r.n) }));
  return {
    filed: conv(await filed.groupBy(day('filed_at')).execute()),
    resolved: conv(await resolvedQ(null)),
    overturned: conv(await resolvedQ('overturned')),
  };
}

/** Events of these types on subjects of this kind (and id), with their payloads: CyberTipline and INHOPE events, which are few. */
export async function subjectEventsIn(
  db: Tx,
  subjectKind: string,
  subjectId: string | null,
  types: readonly string[],
  from: string,
  to: string,
): Promise<{ type: string; at: string; payload_json: string }[]> {
  let q = db
    .selectFrom('events')
    .select(['type', 'at', 'payload_json'])
    .where('subject_kind', '=', subjectKind)
    .where('type', 'in', [...types])
    .where('at', '>=', from)
    .where('at', '<', to);
  if (subjectId !== null) q = q.where('subject_id', '=', subjectId);
  return q.execute();
}
