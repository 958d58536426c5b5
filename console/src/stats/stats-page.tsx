// The transparency figures per week over the platforms the member sees: a bar chart of
// restrictions drawn as SVG (with the same figures in a table, so nothing is only a picture),
// and the week-by-week table of every figure.
import { api } from '../api';
import { clauseTitle, useConsole } from '../context';
import { useLoad } from '../use-load';

interface Week {
  week: string;
  actions: { total: number; byAction: Record<string, number>; byClause: Record<string, number>; bySource: Record<string, number> };
  cybertips: { drafted: number; filed: number };
  inhopeReferrals: number | null;
  timeToAction: { measured: number; medianSeconds: number | null; p90Seconds: number | null };
  appeals: { filed: number; resolved: number; overturned: number; overturnRate: number | null };
  reports: number;
}

function hours(seconds: number | null): string {
  return seconds === null ? '—' : `${(seconds / 3600).toFixed(1)} h`;
}

function sum(weeks: Week[], pick: (w: Week) => Record<string, number>): [string, number][] {
  const out = new Map<string, number>();
  for (const w of weeks) for (const [k, n] of Object.entries(pick(w))) out.set(k, (out.get(k) ?? 0) + n);
  return [...out].sort((a, b) => b[1] - a[1]);
}

function BarChart({ weeks, label }: { weeks: Week[]; label: string }) {
  const max = Math.max(1, ...weeks.map((w) => w.actions.total));
  const width = 640;
  const height = 160;
  const bar = width / Math.max(1, weeks.length);
  return (
    <svg viewBox={`0 0 ${width} ${height + 20}`} width={width} height={height + 20} role="img" aria-label={label} className="chart">
      {weeks.map((w, i) => {
        const h = (w.actions.total / max) * height;
        return (
          <g key={w.week}>
            <rect x={i * bar + 2} y={height - h} width={bar - 4} height={h} fill="#0b5cad" />
            <text x={i * bar + bar / 2} y={height + 14} fontSize="10" textAnchor="middle" fill="#1b1f24">
              {w.week.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function StatsPage() {
  const c = useConsole();
  const { t } = c;
  const from = new Date(Date.now() - 12 * 7 * 86_400_000).toISOString().slice(0, 10);
  const stats = useLoad(() => api<{ from: string; to: string; weeks: Week[] }>('GET', `/v1/review/stats?from=${from}`), [from]);
  const weeks = stats.data?.weeks ?? [];
  return (
    <>
      <h1>{t.statsTitle}</h1>
      {stats.error && <p className="error">{stats.error}</p>}
      {stats.data && (
        <>
          <section aria-labelledby="chart-h">
            <h2 id="chart-h">{t.restrictionsPerWeek}</h2>
            <BarChart weeks={weeks} label={t.restrictionsPerWeek} />
          </section>
          <section aria-labelledby="weeks-h">
            <h2 id="weeks-h">{t.perWeek}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.week}</th>
                  <th scope="col">{t.restrictions}</th>
                  <th scope="col">{t.reports}</th>
                  <th scope="col">{t.cybertipsFiled}</th>
                  <th scope="col">{t.referrals}</th>
                  <th scope="col">{t.medianToAction}</th>
                  <th scope="col">{t.p90ToAction}</th>
                  <th scope="col">{t.appealsFiled}</th>
                  <th scope="col">{t.overturnRate}</th>
                </tr>
              </thead>
              <tbody>
                {weeks.map((w) => (
                  <tr key={w.week}>
                    <th scope="row">{w.week}</th>
                    <td>{w.actions.total}</td>
                    <td>{w.reports}</td>
                    <td>
                      {w.cybertips.filed} / {w.cybertips.drafted}
                    </td>
                    <td>{w.inhopeReferrals ?? '—'}</td>
                    <td>{hours(w.timeToAction.medianSeconds)}</td>
                    <td>{hours(w.timeToAction.p90Seconds)}</td>
                    <td>{w.appeals.filed}</td>
                    <td>{w.appeals.overturnRate === null ? '—' : `${Math.round(w.appeals.overturnRate * 100)} %`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="clauses-h">
            <h2 id="clauses-h">{t.byClause}</h2>
            <ul>
              {sum(weeks, (w) => w.actions.byClause).map(([k, n]) => (
                <li key={k}>
                  {clauseTitle(c, k)}: {n}
                </li>
              ))}
            </ul>
            <h2>{t.bySource}</h2>
            <ul>
              {sum(weeks, (w) => w.actions.bySource).map(([k, n]) => (
                <li key={k}>
                  {k}: {n}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
