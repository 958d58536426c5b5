// The cases the member holds and how long each claim still runs.
import { api } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { href } from '../router';
import { useLoad } from '../use-load';
import type { CaseSummary } from '../types';

export function MinePage() {
  const { t, lang } = useConsole();
  const mine = useLoad(() => api<{ cases: CaseSummary[] }>('GET', '/v1/cases/mine'), []);
  return (
    <>
      <h1>{t.mineTitle}</h1>
      {mine.error && <p className="error">{mine.error}</p>}
      {mine.data && mine.data.cases.length === 0 && <p>{t.none}</p>}
      <ul>
        {mine.data?.cases.map((k) => (
          <li key={k.id}>
            <a href={href({ page: 'case', id: k.id })}>
              {k.id} — {k.subject.kind} {k.subject.id}
            </a>{' '}
            ({t.leaseUntil} {formatTime(k.leaseUntil, lang)})
          </li>
        ))}
      </ul>
    </>
  );
}
