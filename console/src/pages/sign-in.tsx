// Password and a TOTP code, as the staff API asks; nothing is kept in the browser but the
// session cookie the API sets.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { LanguagePicker } from '../language-picker';
import type { Language, Messages } from '../messages';
import type { Session } from '../types';

export function SignIn({ t, lang, setLang, onSignedIn }: { t: Messages; lang: Language; setLang(l: Language): void; onSignedIn(s: Session): void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError('');
    try {
      const s = await api<Session>('POST', '/v1/staff/session', {
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
        totp: String(form.get('totp') ?? ''),
      });
      onSignedIn(s);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t.signInFailed : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <LanguagePicker t={t} lang={lang} setLang={setLang} />
      <h1>{t.signInTitle}</h1>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          {t.username}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t.totp}
          <input name="totp" inputMode="numeric" pattern="[0-9]{6}" autoComplete="one-time-code" required />
        </label>
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t.signIn}
        </button>
      </form>
    </main>
  );
}
