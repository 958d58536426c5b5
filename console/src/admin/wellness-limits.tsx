// The limits within which every reviewer chooses their wellness settings: the least blur, whether
// greyscale is required, and the longest time between break reminders.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useConsole } from '../context';
import { useLoad } from '../use-load';

interface Limits {
  minBlurSigma: number;
  greyscaleRequired: boolean;
  maxBreakEveryMinutes: number;
}

export function WellnessLimits() {
  const c = useConsole();
  const { t } = c;
  const loaded = useLoad(() => api<Limits>('GET', '/v1/admin/wellness-limits'), []);
  const [draft, setDraft] = useState<Limits | null>(null);
  const [error, setError] = useState('');
  useEffect(() => setDraft(loaded.data ?? null), [loaded.data]);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!draft) return;
    setError('');
    try {
      setDraft(await api<Limits>('PUT', '/v1/admin/wellness-limits', draft));
      c.announce(t.saved);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <section aria-labelledby="limits-h">
      <h2 id="limits-h">{t.wellnessLimits}</h2>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {draft && (
        <form onSubmit={(e) => void save(e)} className="settings">
          <label>
            {t.minBlurSigma}
            <input type="number" min={4} max={60} value={draft.minBlurSigma} onChange={(e) => setDraft({ ...draft, minBlurSigma: Number(e.target.value) })} />
          </label>
          <label className="choice">
            <input type="checkbox" checked={draft.greyscaleRequired} onChange={(e) => setDraft({ ...draft, greyscaleRequired: e.target.checked })} />{' '}
            {t.greyscaleRequired}
          </label>
          <label>
            {t.maxBreakEveryMinutes}
            <input
              type="number"
              min={5}
              max={240}
              value={draft.maxBreakEveryMinutes}
              onChange={(e) => setDraft({ ...draft, maxBreakEveryMinutes: Number(e.target.value) })}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit">{t.save}</button>
        </form>
      )}
    </section>
  );
}
