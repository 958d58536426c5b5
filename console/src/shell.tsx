// The frame around every page: a skip link, the navigation the member's role allows, the
// language, the session's end, sign-out, a status line read out to screen readers, and the
// break reminder.
import { useEffect, useRef, useState } from 'react';
import { api } from './api';
import { useConsole } from './context';
import { LanguagePicker } from './language-picker';
import { BreakReminder } from './break-reminder';
import { href, useRoute, type Route } from './router';
import { QueuesPage } from './pages/queues';
import { MinePage } from './pages/mine';
import { CasePage } from './pages/case-page';
import { ExceptionsPage } from './pages/exceptions';
import { SettingsPage } from './pages/settings-page';
import { AdminPage } from './admin/admin-page';
import { LegalPage } from './legal/legal-page';
import { AppealsPage } from './appeals/appeals-page';
import { AppealView } from './appeals/appeal-view';
import { StatsPage } from './stats/stats-page';
import { formatTime } from './format';

export function Shell({ status, onSignedOut }: { status: string; onSignedOut(): void }) {
  const c = useConsole();
  const { t } = c;
  const route = useRoute();
  const [help, setHelp] = useState(false);
  const mainRef = useRef<HTMLElement>(null);

  // A new page moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) {
      h1.tabIndex = -1;
      h1.focus();
    }
  }, [route]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '?' && !typing(e)) setHelp((v) => !v);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function signOut(): Promise<void> {
    await api('DELETE', '/v1/staff/session').catch(() => undefined);
    onSignedOut();
  }

  const nav: [Route, string, boolean][] = [
    [{ page: 'queues' }, t.navQueues, c.may('queue:read')],
    [{ page: 'mine' }, t.navMine, c.may('queue:read')],
    [{ page: 'exceptions' }, t.navExceptions, c.may('exception:confirm')],
    [{ page: 'appeals' }, t.navAppeals, c.may('appeal:decide')],
    [{ page: 'legal', section: c.may('cybertip:file') ? 'drafts' : 'holds' }, t.navLegal, c.may('cybertip:file') || c.may('hold:manage')],
    [{ page: 'stats' }, t.navStats, c.may('stats:read')],
    [{ page: 'settings' }, t.navSettings, true],
    [{ page: 'admin', section: 'staff' }, t.navAdmin, c.may('staff:manage') || c.may('apikeys:manage') || c.may('webhooks:manage')],
  ];

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        {t.skipToMain}
      </a>
      <header className="top">
        <p className="brand">{t.appName}</p>
        <nav aria-label={t.appName}>
          <ul>
            {nav
              .filter(([, , shown]) => shown)
              .map(([r, label]) => (
                <li key={label}>
                  <a href={href(r)} aria-current={r.page === route.page ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <LanguagePicker t={t} lang={c.lang} setLang={c.setLang} />
          <span>
            {t.signedInAs} <strong>{c.session.staff.displayName}</strong> ({c.session.staff.role})
          </span>
          <span>
            {t.sessionEnds} {formatTime(c.session.expiresAt, c.lang)}
          </span>
          <button type="button" onClick={() => void signOut()}>
            {t.signOut}
          </button>
        </div>
      </header>
      <p className="status" role="status" aria-live="polite">
        {status}
      </p>
      {help && <p className="help">{t.shortcuts}</p>}
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Page route={route} />
      </main>
      <BreakReminder />
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'queues':
      return <QueuesPage />;
    case 'mine':
      return <MinePage />;
    case 'case':
      return <CasePage key={route.id} id={route.id} />;
    case 'exceptions':
      return <ExceptionsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'admin':
      return <AdminPage section={route.section} />;
    case 'legal':
      return <LegalPage section={route.section} />;
    case 'appeals':
      return <AppealsPage />;
    case 'appeal':
      return <AppealView key={route.id} id={route.id} />;
    case 'stats':
      return <StatsPage />;
  }
}

/** Shortcut keys do nothing while the member is typing in a field. */
export function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return (!!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) || e.ctrlKey || e.metaKey || e.altKey;
}
