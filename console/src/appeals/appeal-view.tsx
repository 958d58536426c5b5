// One appeal: the action appealed, what the person wrote (as text), and the decision, uphold
// or overturn with a reason the person will read. An overturn restores the account and the
// content through the one enforcement path; a filed CyberTipline report is never withdrawn
// by it (the legal role is told).
import { useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { go } from '../router';
import { useLoad } from '../use-load';
import type { Appeal } from './appeal-types';

export function AppealView({ id }: { id: string }) {
  const c = useConsole();
  const { t } = c;
  const loaded = useLoad(() => api<Appeal>('GET', `/v1/review/appeals/${enc(id)}`), [id]);
  const [error, setError] = useState('');
  const a = loaded.data;

  async function claim(): Promise<void> {
    try {
      await api('POST', `/v1/review/appeals/${enc(id)}/claim`, {});
      loaded.reload();
    } catch (e) {
      c.announce(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function decide(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError('');
    try {
      await api('POST', `/v1/review/appeals/${enc(id)}/decision`, { outcome: String(f.get('outcome')), reason: String(f.get('reason') ?? '') });
      c.announce(t.decided);
      go({ page: 'appeals' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  if (loaded.error)
    return (
      <>
        <h1>
          {t.appeal} {id}
        </h1>
        <p className="error">{loaded.error}</p>
      </>
    );
  if (!a) return <p>{t.loading}</p>;
  const holds = a.assigneeId === c.session.staff.id;
  return (
    <>
      <h1>
        {t.appeal} {a.id}
      </h1>
      <dl className="facts">
        <dt>{t.status}</dt>
        <dd>{a.status}</dd>
        <dt>{t.account}</dt>
        <dd>{a.accountId}</dd>
        <dt>{t.actionAppealed}</dt>
        <dd>
          {a.action.kind} <code>{a.action.id}</code>
        </dd>
        <dt>{t.filedAt}</dt>
        <dd>{formatTime(a.filedAt, c.lang)}</dd>
        <dt>{t.dueAt}</dt>
        <dd>{formatTime(a.dueAt, c.lang)}</dd>
      </dl>
      <section aria-labelledby="statement-h">
        <h2 id="statement-h">{t.personWrote}</h2>
        <p className="message-text" lang={a.lang}>
          {a.statement}
        </p>
      </section>
      {a.status === 'open' && !holds && c.may('appeal:decide') && (
        <button type="button" onClick={() => void claim()}>
          {t.claimAppeal}
        </button>
      )}
      {a.status === 'open' && holds && (
        <form onSubmit={(e) => void decide(e)} className="decision">
          <fieldset>
            <legend>{t.decision}</legend>
            <label className="choice">
              <input type="radio" name="outcome" value="uphold" required /> {t.uphold}
            </label>
            <label className="choice">
              <input type="radio" name="outcome" value="overturn" /> {t.overturn}
            </label>
          </fieldset>
          <label>
            {t.reasonForPerson}
            <textarea name="reason" required maxLength={1000} rows={3} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary">
            {t.confirmDecision}
          </button>
        </form>
      )}
      {a.reason && (
        <p>
          {t.reason}: {a.reason}
        </p>
      )}
    </>
  );
}
