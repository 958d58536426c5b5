// The appeals queue: the open appeals, the one due first first, and "take the next appeal".
// The server never gives an appeal to the person who took the action appealed.
import { api, ApiError } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { go, href } from '../router';
import { useLoad } from '../use-load';
import type { Appeal } from './appeal-types';

export function AppealsPage() {
  const c = useConsole();
  const { t } = c;
  const list = useLoad(() => api<{ appeals: Appeal[] }>('GET', '/v1/review/appeals?status=open&limit=100'), []);

  async function takeNext(): Promise<void> {
    try {
      const answer = await api<{ appeal: Appeal | null }>('POST', '/v1/review/appeals/claim', {});
      if (answer.appeal) go({ page: 'appeal', id: answer.appeal.id });
      else c.announce(t.noAppeal);
    } catch (e) {
      c.announce(e instanceof ApiError ? e.message : String(e));
    }
  }

  const appeals = list.data?.appeals ?? [];
  return (
    <>
      <h1>{t.appealsTitle}</h1>
      {list.error && <p className="error">{list.error}</p>}
      {c.may('appeal:decide') && (
        <p>
          <button type="button" className="primary" onClick={() => void takeNext()}>
            {t.takeNextAppeal}
          </button>
        </p>
      )}
      {list.data && appeals.length === 0 && <p>{t.noAppeal}</p>}
      {appeals.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.appeal}</th>
              <th scope="col">{t.account}</th>
              <th scope="col">{t.actionAppealed}</th>
              <th scope="col">{t.filedAt}</th>
              <th scope="col">{t.dueAt}</th>
            </tr>
          </thead>
          <tbody>
            {appeals.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={href({ page: 'appeal', id: a.id })}>{a.id}</a>
                </td>
                <td>{a.accountId}</td>
                <td>{a.action.kind}</td>
                <td>{formatTime(a.filedAt, c.lang)}</td>
                <td>
                  {formatTime(a.dueAt, c.lang)}
                  {a.overdue && <strong className="error"> {t.overdue}</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
