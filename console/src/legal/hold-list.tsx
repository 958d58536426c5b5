// Preservation holds with their expiry; extending one (a law-enforcement request) takes a
// new end date and a reason.
import { useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { href } from '../router';
import { useLoad } from '../use-load';

interface Hold {
  id: string;
  caseId: string;
  cybertipId: string | null;
  reason: string;
  placedAt: string;
  until: string;
  status: string;
  sha256s: string[];
}

export function HoldList() {
  const c = useConsole();
  const { t } = c;
  const list = useLoad(() => api<{ holds: Hold[] }>('GET', '/v1/holds?status=active&limit=200'), []);
  const [error, setError] = useState('');

  async function extend(e: FormEvent<HTMLFormElement>, h: Hold): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError('');
    try {
      const until = new Date(`${String(f.get('until'))}T23:59:59Z`).toISOString();
      await api('POST', `/v1/holds/${enc(h.id)}/extension`, { until, reason: String(f.get('reason')) });
      c.announce(t.saved);
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <section aria-labelledby="holds-h">
      <h2 id="holds-h">{t.holds}</h2>
      {list.error && <p className="error">{list.error}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {list.data && list.data.holds.length === 0 && <p>{t.none}</p>}
      <ul className="cards">
        {list.data?.holds.map((h) => (
          <li key={h.id}>
            <p>
              <code>{h.id}</code> · <a href={href({ page: 'case', id: h.caseId })}>{h.caseId}</a> · {h.sha256s.length} {t.media} · {h.status}
            </p>
            <p>
              {t.placedAt} {formatTime(h.placedAt, c.lang)} · {t.holdUntil} <strong>{formatTime(h.until, c.lang)}</strong> · {h.reason}
            </p>
            <form onSubmit={(e) => void extend(e, h)} className="inline-form">
              <label>
                {t.extendUntil} <input type="date" name="until" required />
              </label>
              <label>
                {t.reason} <input name="reason" required maxLength={1000} />
              </label>
              <button type="submit">
                {t.extend} <span className="visually-hidden">{h.id}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
