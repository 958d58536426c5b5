// The console's root: asks who is signed in, shows the sign-in page when nobody is, and
// otherwise loads the member's wellness settings and the policy before the pages.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, setCsrfToken, whenSignedOut } from './api';
import { ConsoleContext, type ConsoleState } from './context';
import { MESSAGES, type Language } from './messages';
import { DEFAULT_SETTINGS } from './settings';
import { Shell } from './shell';
import { SignIn } from './pages/sign-in';
import type { Policy, ReviewerSettings, Session } from './types';

function firstLanguage(): Language {
  const saved = localStorage.getItem('vigie.lang');
  if (saved === 'fr' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [lang, setLangState] = useState<Language>(firstLanguage);
  const [settings, setSettings] = useState<ReviewerSettings>(DEFAULT_SETTINGS);
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [status, setStatus] = useState('');

  const setLang = useCallback((l: Language) => {
    localStorage.setItem('vigie.lang', l);
    setLangState(l);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const signedIn = useCallback(async (s: Session) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
    const [mine, pol] = await Promise.all([
      api<ReviewerSettings>('GET', '/v1/staff/me/settings').catch(() => DEFAULT_SETTINGS),
      api<Policy>('GET', '/v1/policy').catch(() => null),
    ]);
    setSettings({ ...DEFAULT_SETTINGS, ...mine });
    if (mine.language === 'fr' || mine.language === 'en') setLangState(mine.language);
    setPolicy(pol);
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(null);
      setSession(null);
    });
    api<Session>('GET', '/v1/staff/me')
      .then(signedIn)
      .catch(() => setSession(null));
  }, [signedIn]);

  const t = MESSAGES[lang];
  const state: ConsoleState | null = useMemo(
    () =>
      session
        ? {
            session,
            t,
            lang,
            setLang,
            settings,
            setSettings,
            policy,
            announce: setStatus,
            may: (p: string) => session.permissions.includes(p),
          }
        : null,
    [session, t, lang, setLang, settings, policy],
  );

  if (session === undefined) return <p className="loading">{t.loading}</p>;
  if (!state) return <SignIn t={t} lang={lang} setLang={setLang} onSignedIn={signedIn} />;
  return (
    <ConsoleContext.Provider value={state}>
      <Shell status={status} onSignedOut={() => setSession(null)} />
    </ConsoleContext.Provider>
  );
}
