// The member's wellness settings. The server keeps them within the limits an admin set and
// answers what it kept, which is what the console then uses.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useConsole } from '../context';
import type { ReviewerSettings } from '../types';

export function SettingsPage() {
  const c = useConsole();
  const { t } = c;
  const [draft, setDraft] = useState<ReviewerSettings>(c.settings);
  const [error, setError] = useState('');

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    try {
      const kept = await api<ReviewerSettings>('PUT', '/v1/staff/me/settings', { ...draft, language: c.lang });
      c.setSettings(kept);
      setDraft(kept);
      c.announce(t.saved);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <>
      <h1>{t.settingsTitle}</h1>
      <form onSubmit={(e) => void save(e)} className="settings">
        <label>
          {t.blurSigma} ({draft.blurSigma})
          <input type="range" min={1} max={60} value={draft.blurSigma} onChange={(e) => setDraft({ ...draft, blurSigma: Number(e.target.value) })} />
        </label>
        <label className="choice">
          <input type="checkbox" checked={draft.greyscale} onChange={(e) => setDraft({ ...draft, greyscale: e.target.checked })} /> {t.greyscale}
        </label>
        <label className="choice">
          <input type="checkbox" checked={draft.autoplayMuted} onChange={(e) => setDraft({ ...draft, autoplayMuted: e.target.checked })} /> {t.autoplayMuted}
        </label>
        <label className="choice">
          <input type="checkbox" checked={draft.textCollapsed} onChange={(e) => setDraft({ ...draft, textCollapsed: e.target.checked })} /> {t.textCollapsed}
        </label>
        <label>
          {t.breakEveryMinutes}
          <input
            type="number"
            min={5}
            max={240}
            value={draft.breakEveryMinutes}
            onChange={(e) => setDraft({ ...draft, breakEveryMinutes: Number(e.target.value) })}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t.save}</button>
      </form>
    </>
  );
}
