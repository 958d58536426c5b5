// The public transparency page: the aggregate figures as tables and a bar chart drawn on the
// server as SVG (no script, no inline style: presentation attributes only). Small counts are
// suppressed (fewer than 10), so that no figure points at a person; the chart draws a
// suppressed week as an empty outline with the same words as the table.
import { html, type Html } from './html.js';
import { page } from './layout.js';
import type { Lang } from './language.js';
import { TRANSPARENCY_TEXT } from './transparency-text.js';
import { clause } from '../../policy/policy.js';
import type { WeekStats } from '../../services/stats/weekly-stats.js';

export const SUPPRESS_BELOW = 10;

export function transparencyPage(lang: Lang, weeks: readonly WeekStats[], from: string, to: string): string {
  const t = TRANSPARENCY_TEXT[lang];
  const n = (v: number) => (v < SUPPRESS_BELOW ? t.fewer : new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(v));
  const totals = (pick: (w: WeekStats) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const w of weeks) for (const [k, v] of Object.entries(pick(w))) out[k] = (out[k] ?? 0) + v;
    return Object.entries(out).sort((a, b) => b[1] - a[1]);
  };
  const clauses = totals((w) => w.actions.byClause);
  const sources = totals((w) => w.actions.bySource);
  const resolved = weeks.reduce((s, w) => s + w.appeals.resolved, 0);
  const overturned = weeks.reduce((s, w) => s + w.appeals.overturned, 0);
  const body = html`<h1>${t.title}</h1>
    <p>${t.intro(weeks.length, from.slice(0, 10), to.slice(0, 10))}</p>
    <p>${t.small} ${t.noPersonalData}</p>
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">${t.chartTitle}</h2>
      ${chart(lang, weeks, n)}
    </section>
    <section aria-labelledby="weekly-title">
      <h2 id="weekly-title">${t.weekly}</h2>
      <table>
        <caption>
          ${t.weekly}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t.week}</th>
            <th scope="col">${t.restrictions}</th>
            <th scope="col">${t.cybertips}</th>
            <th scope="col">${t.inhope}</th>
            <th scope="col">${t.reports}</th>
            <th scope="col">${t.appealsResolved}</th>
            <th scope="col">${t.overturned}</th>
            <th scope="col">${t.timeTitle}: ${t.median}</th>
            <th scope="col">${t.timeTitle}: ${t.p90}</th>
          </tr>
        </thead>
        <tbody>
          ${weeks.map(
            (w) =>
              html`<tr>
                <th scope="row">${w.week}</th>
                <td>${n(w.actions.total)}</td>
                <td>${n(w.cybertips.drafted)}</td>
                <td>${n(w.inhopeReferrals ?? 0)}</td>
                <td>${n(w.reports)}</td>
                <td>${n(w.appeals.resolved)}</td>
                <td>${n(w.appeals.overturned)}</td>
                <td>
                  ${w.timeToAction.measured >= SUPPRESS_BELOW && w.timeToAction.medianSeconds !== null ? t.hours(w.timeToAction.medianSeconds / 3600) : t.notEnough}
                </td>
                <td>
                  ${w.timeToAction.measured >= SUPPRESS_BELOW && w.timeToAction.p90Seconds !== null ? t.hours(w.timeToAction.p90Seconds / 3600) : t.notEnough}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p>${t.overturnRate}: ${resolved >= SUPPRESS_BELOW ? `${Math.round((overturned / resolved) * 100)} %` : t.notEnough}</p>
    </section>
    <section aria-labelledby="clause-title">
      <h2 id="clause-title">${t.byClause}</h2>
      ${countTable(
        t.byClause,
        t.clause,
        t.count,
        clauses.map(([id, v]) => [clause(id)?.title[lang] ?? id, n(v)]),
      )}
    </section>
    <section aria-labelledby="source-title">
      <h2 id="source-title">${t.bySource}</h2>
      ${countTable(
        t.bySource,
        t.source,
        t.count,
        sources.map(([id, v]) => [t.sources[id] ?? t.sources.other!, n(v)]),
      )}
    </section>`;
  return page(
    {
      lang,
      title: t.title,
      switchHref: `/transparency?lang=${lang === 'fr' ? 'en' : 'fr'}`,
      switchLabel: t.switchTo,
      skipLabel: t.skip,
      skipTarget: 'main',
      script: false,
    },
    body,
  );
}

function countTable(caption: string, head: string, count: string, rows: readonly [string, string][]): Html {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${head}</th>
        <th scope="col">${count}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        ([label, v]) =>
          html`<tr>
            <th scope="row">${label}</th>
            <td>${v}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Bars of the weekly restrictions; heights from the shown values only (a suppressed week has none). */
function chart(lang: Lang, weeks: readonly WeekStats[], n: (v: number) => string): Html {
  const t = TRANSPARENCY_TEXT[lang];
  const width = 640;
  const height = 220;
  const left = 40;
  const bottom = 40;
  const shown = weeks.map((w) => (w.actions.total >= SUPPRESS_BELOW ? w.actions.total : 0));
  const max = Math.max(SUPPRESS_BELOW, ...shown);
  const slot = (width - left) / Math.max(1, weeks.length);
  const bar = Math.max(4, slot * 0.7);
  const plot = height - bottom - 10;
  return html`<svg role="img" aria-labelledby="chart-svg-title chart-svg-desc" viewBox="0 0 ${width} ${height}" width="100%" height="${height}">
    <title id="chart-svg-title">${t.chartTitle}</title>
    <desc id="chart-svg-desc">${t.chartDesc}</desc>
    <line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#1b1b1b" stroke-width="1" />
    <text x="${left - 6}" y="${height - bottom - plot + 4}" text-anchor="end" font-size="11" fill="#1b1b1b">${n(max)}</text>
    ${weeks.map((w, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      const v = shown[i]!;
      const h = Math.round((v / max) * plot);
      const label = `${w.week}: ${n(w.actions.total)}`;
      return html`<g>
        ${
          v > 0
            ? html`<rect x="${x.toFixed(1)}" y="${height - bottom - h}" width="${bar.toFixed(1)}" height="${h}" fill="#0a4a9e"><title>${label}</title></rect>`
            : html`<rect x="${x.toFixed(1)}" y="${height - bottom - 6}" width="${bar.toFixed(1)}" height="6" fill="none" stroke="#3d3d3d" stroke-dasharray="2 2"
                ><title>${label}</title></rect
              >`
        }
        ${
          i % Math.max(1, Math.ceil(weeks.length / 6)) === 0
            ? html`<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11" fill="#1b1b1b"
                >${w.week.slice(5)}</text
              >`
            : ''
        }
      </g>`;
    })}
  </svg>`;
}
