// Exceptions another reviewer found, waiting for a senior's confirmation: the senior reads
// the case and confirms or refuses.
import { api, ApiError, enc } from '../api';
import { clauseTitle, useConsole } from '../context';
import { formatTime } from '../format';
import { href } from '../router';
import { useLoad } from '../use-load';
import type { CaseSummary } from '../types';

interface Waiting {
  case: CaseSummary;
  finding: { reviewerId: string; finding: { clauses?: string[]; exception?: string | null; malicious?: boolean | null } };
  /** The caller found this exception: a second person must confirm it. */
  yours: boolean;
}

export function ExceptionsPage() {
  const c = useConsole();
  const { t } = c;
  const list = useLoad(() => api<{ exceptions: Waiting[] }>('GET', '/v1/exceptions'), []);

  async function answer(id: string, confirmed: boolean): Promise<void> {
    try {
      await api('POST', `/v1/cases/${enc(id)}/confirmation`, { confirmed });
      c.announce(t.decided);
      list.reload();
    } catch (e) {
      c.announce(e instanceof ApiError ? e.message : String(e));
    }
  }

  if (!c.may('exception:confirm')) return <h1>{t.notAllowed}</h1>;
  const items = list.data?.exceptions ?? [];
  return (
    <>
      <h1>{t.exceptionsTitle}</h1>
      {list.error && <p className="error">{list.error}</p>}
      {list.data && items.length === 0 && <p>{t.none}</p>}
      <ul className="cards">
        {items.map((w) => (
          <li key={w.case.id}>
            <p>
              <a href={href({ page: 'case', id: w.case.id })}>
                {t.caseTitle} {w.case.id}
              </a>{' '}
              · {w.case.subject.kind} {w.case.subject.id} · {formatTime(w.case.updatedAt, c.lang)}
            </p>
            {w.finding.finding.exception && (
              <p>
                {t.exceptionKind}: <strong>{clauseTitle(c, w.finding.finding.exception)}</strong>
                {w.finding.finding.clauses &&
                  w.finding.finding.clauses.length > 0 &&
                  ` — ${w.finding.finding.clauses.map((x) => clauseTitle(c, x)).join(', ')}`}
              </p>
            )}
            {w.yours ? (
              <p>{t.yoursToConfirm}</p>
            ) : (
              <>
                <button type="button" className="primary" onClick={() => void answer(w.case.id, true)}>
                  {t.confirm}
                </button>{' '}
                <button type="button" onClick={() => void answer(w.case.id, false)}>
                  {t.refuse}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
