// The queues with their counts and oldest case; filters; "take the next case" as one key.
import { useEffect, useState } from 'react';
import { api, ApiError, enc } from '../api';
import { clauseTitle, useConsole } from '../context';
import { age, formatTime } from '../format';
import { go, href } from '../router';
import { typing } from '../shell';
import { useLoad } from '../use-load';
import type { CaseSummary, QueueSummary } from '../types';

const SOURCES = ['hash', 'link', 'text', 'classifier', 'conversation', 'report', 'registry'] as const;

export interface QueueFilters {
  clause: string;
  source: string;
  urgent: boolean;
  language: string;
}

export function filterQuery(f: QueueFilters): string {
  const q = new URLSearchParams();
  if (f.clause) q.set('clause', f.clause);
  if (f.source) q.set('source', f.source);
  if (f.urgent) q.set('urgent', 'true');
  if (f.language) q.set('language', f.language);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function filterBody(f: QueueFilters): Record<string, string | boolean> {
  return {
    ...(f.clause ? { clause: f.clause } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.urgent ? { urgent: true } : {}),
    ...(f.language ? { language: f.language } : {}),
  };
}

/** Claims the next case of `queue` and opens it; says so when the queue is empty. */
export async function takeNext(queue: string, filters: QueueFilters, announce: (s: string) => void, emptyText: string): Promise<boolean> {
  try {
    const answer = await api<{ case: CaseSummary | null }>('POST', `/v1/queues/${enc(queue)}/claim`, filterBody(filters));
    if (!answer.case) {
      announce(emptyText);
      return false;
    }
    sessionStorage.setItem('vigie.lastQueue', JSON.stringify({ queue, filters }));
    go({ page: 'case', id: answer.case.id });
    return true;
  } catch (e) {
    announce(e instanceof ApiError ? e.message : String(e));
    return false;
  }
}

export function QueuesPage() {
  const c = useConsole();
  const { t } = c;
  const queues = useLoad(() => api<{ queues: QueueSummary[] }>('GET', '/v1/queues'), []);
  const [selected, setSelected] = useState('');
  const [filters, setFilters] = useState<QueueFilters>({ clause: '', source: '', urgent: false, language: '' });
  const list = queues.data?.queues ?? [];
  const queue = selected || list[0]?.queue || '';
  const cases = useLoad(
    () => (queue ? api<{ cases: CaseSummary[] }>('GET', `/v1/queues/${enc(queue)}/cases${filterQuery(filters)}`) : Promise.resolve({ cases: [] })),
    [queue, filters.clause, filters.source, filters.urgent, filters.language],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.key === 'n' || e.key === 'N') && !typing(e) && queue) {
        e.preventDefault();
        void takeNext(queue, filters, c.announce, t.noCase);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [queue, filters, c.announce, t.noCase]);

  const violations = c.policy?.clauses.filter((x) => x.kind === 'violation') ?? [];

  return (
    <>
      <h1>{t.queuesTitle}</h1>
      {queues.error && <p className="error">{queues.error}</p>}
      <table className="queues">
        <caption className="visually-hidden">{t.queuesTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.queue}</th>
            <th scope="col">{t.open}</th>
            <th scope="col">{t.claimed}</th>
            <th scope="col">{t.oldest}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((q) => (
            <tr key={q.queue} aria-selected={q.queue === queue}>
              <th scope="row">
                <label>
                  <input type="radio" name="queue" value={q.queue} checked={q.queue === queue} onChange={() => setSelected(q.queue)} /> {q.queue}
                </label>
              </th>
              <td>{q.open}</td>
              <td>{q.claimed}</td>
              <td>{age(q.oldestOpenedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="filters">
        <legend>{t.filters}</legend>
        <label>
          {t.clause}{' '}
          <select value={filters.clause} onChange={(e) => setFilters({ ...filters, clause: e.target.value })}>
            <option value="">{t.any}</option>
            {violations.map((v) => (
              <option key={v.id} value={v.id}>
                {clauseTitle(c, v.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.source}{' '}
          <select value={filters.source} onChange={(e) => setFilters({ ...filters, source: e.target.value })}>
            <option value="">{t.any}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={filters.urgent} onChange={(e) => setFilters({ ...filters, urgent: e.target.checked })} /> {t.urgentOnly}
        </label>
        <label>
          {t.languageFilter}{' '}
          <input value={filters.language} size={4} maxLength={8} onChange={(e) => setFilters({ ...filters, language: e.target.value.trim() })} />
        </label>
      </fieldset>
      <p>
        <button type="button" className="primary" disabled={!queue} onClick={() => void takeNext(queue, filters, c.announce, t.noCase)} aria-keyshortcuts="n">
          {t.takeNext}
        </button>{' '}
        <span className="hint">{t.takeNextHint}</span>
      </p>
      {cases.error && <p className="error">{cases.error}</p>}
      {cases.data && cases.data.cases.length === 0 && <p>{t.noCase}</p>}
      {cases.data && cases.data.cases.length > 0 && (
        <table>
          <caption>{queue}</caption>
          <thead>
            <tr>
              <th scope="col">{t.caseTitle}</th>
              <th scope="col">{t.subject}</th>
              <th scope="col">{t.priority}</th>
              <th scope="col">{t.openedAt}</th>
              <th scope="col">{t.status}</th>
            </tr>
          </thead>
          <tbody>
            {cases.data.cases.map((k) => (
              <tr key={k.id}>
                <td>
                  <a href={href({ page: 'case', id: k.id })}>{k.id}</a>
                </td>
                <td>
                  {k.subject.kind} {k.subject.id}
                </td>
                <td>{k.priority}</td>
                <td>{formatTime(k.openedAt, c.lang)}</td>
                <td>{k.assigneeId ? t.claimedBy : k.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
