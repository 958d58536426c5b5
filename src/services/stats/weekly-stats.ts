// The transparency figures, per week: restrictions per clause, per action and per detection
// source (from each restriction's statement facts), CyberTipline reports drafted and filed
// and INHOPE referrals (read from the log, so a feature that starts emitting them fills its
// column by itself), the median and 90th percentile of the time from detection or report to
// action, appeals with the overturn rate, and report volumes. Restrictions are read page by
// page; per week only the counts and the durations (numbers) are kept.
import type { Store } from '../../store/store.js';
import { appealsPerDay, reportsPerDay, restrictionPage, subjectEventsIn, type DayCount } from '../../store/stats.js';
import type { RestrictionFacts } from '../../policy/statement-of-reasons.js';
import { platformOf } from '../../moderation/platform-ids.js';
import { quantile, weekOf, weeksBetween } from './weeks.js';

export const DETECTION_SOURCES = ['bank', 'link', 'text', 'conversation', 'classifier', 'report'] as const;

export interface WeekStats {
  week: string;
  actions: { total: number; byAction: Record<string, number>; byClause: Record<string, number>; bySource: Record<string, number> };
  cybertips: { drafted: number; filed: number };
  /** vigie-wide (a referral names a hotline, not a platform): null in one platform's figures. */
  inhopeReferrals: number | null;
  timeToAction: { measured: number; medianSeconds: number | null; p90Seconds: number | null };
  appeals: { filed: number; resolved: number; overturned: number; overturnRate: number | null };
  reports: number;
}

export interface StatsQuery {
  from: string;
  to: string;
  /** null: every platform (the operator's figures, the public page). */
  platforms: readonly string[] | null;
}

const PAGE = 2000;

export async function weeklyStats(store: Store, q: StatsQuery): Promise<WeekStats[]> {
  const weeks = new Map<string, WeekStats>(weeksBetween(q.from, q.to).map((w) => [w, empty(w, q.platforms)]));
  const durations = new Map<string, number[]>();
  const at = (iso: string) => weeks.get(weekOf(iso));

  let after: { appliedAt: string; puid: string } | null = null;
  for (;;) {
    const rows = await restrictionPage(store.db, q.from, q.to, q.platforms, after, PAGE);
    for (const r of rows) {
      const w = at(r.applied_at);
      if (!w) continue;
      const f = JSON.parse(r.facts_json) as RestrictionFacts;
      w.actions.total++;
      bump(w.actions.byAction, f.action);
      for (const c of f.clauses) bump(w.actions.byClause, c);
      for (const s of f.sources ?? (f.reported ? ['report'] : [])) bump(w.actions.bySource, s);
      if (f.detectedAt) {
        const seconds = (Date.parse(f.appliedAt) - Date.parse(f.detectedAt)) / 1000;
        if (seconds >= 0) {
          const list = durations.get(w.week) ?? [];
          list.push(seconds);
          durations.set(w.week, list);
        }
      }
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = { appliedAt: last.applied_at, puid: last.puid };
  }
  for (const [week, list] of durations) {
    const w = weeks.get(week)!;
    list.sort((a, b) => a - b);
    w.timeToAction = { measured: list.length, medianSeconds: quantile(list, 0.5), p90Seconds: quantile(list, 0.9) };
  }

  const inScope = (accountId: unknown) => q.platforms === null || (typeof accountId === 'string' && q.platforms.includes(platformOf(accountId)));
  // Filed: NCMEC acknowledged the whole report (files and details sent, then finished).
  const cybertipEvents = await subjectEventsIn(store.db, 'cybertip', null, ['cybertip.drafted', 'cybertip.finished'], q.from, q.to);
  for (const e of cybertipEvents) {
    const payload = JSON.parse(e.payload_json) as { accountId?: unknown };
    const w = at(e.at);
    if (!w || (e.type === 'cybertip.drafted' && !inScope(payload.accountId))) continue;
    if (e.type === 'cybertip.drafted') w.cybertips.drafted++;
    else if (q.platforms === null) w.cybertips.filed++;
  }
  if (q.platforms === null) {
    // A referral counts once the legal role recorded it as sent through the hotline's form.
    const referrals = await subjectEventsIn(store.db, 'referral', null, ['referral.sent'], q.from, q.to);
    for (const e of referrals) {
      const w = at(e.at);
      if (w) w.inhopeReferrals = (w.inhopeReferrals ?? 0) + 1;
    }
  }

  addDays(await reportsPerDay(store.db, q.from, q.to, q.platforms), weeks, (w, n) => (w.reports += n));
  const appeals = await appealsPerDay(store.db, q.from, q.to, q.platforms);
  addDays(appeals.filed, weeks, (w, n) => (w.appeals.filed += n));
  addDays(appeals.resolved, weeks, (w, n) => (w.appeals.resolved += n));
  addDays(appeals.overturned, weeks, (w, n) => (w.appeals.overturned += n));
  for (const w of weeks.values()) w.appeals.overturnRate = w.appeals.resolved > 0 ? w.appeals.overturned / w.appeals.resolved : null;
  return [...weeks.values()];
}

function empty(week: string, platforms: readonly string[] | null): WeekStats {
  return {
    week,
    actions: { total: 0, byAction: {}, byClause: {}, bySource: {} },
    cybertips: { drafted: 0, filed: 0 },
    inhopeReferrals: platforms === null ? 0 : null,
    timeToAction: { measured: 0, medianSeconds: null, p90Seconds: null },
    appeals: { filed: 0, resolved: 0, overturned: 0, overturnRate: null },
    reports: 0,
  };
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function addDays(days: readonly DayCount[], weeks: Map<string, WeekStats>, add: (w: WeekStats, n: number) => void): void {
  for (const d of days) {
    const w = weeks.get(weekOf(d.day));
    if (w) add(w, d.n);
  }
}
