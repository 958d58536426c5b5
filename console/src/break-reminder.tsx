// Break prompts: after the member's chosen number of minutes of work, a dialog offers a
// break. Taking it hands back the cases they hold (without penalty: a release is not a
// decision) and shows a calm screen until they choose to come back.
import { useEffect, useRef, useState } from 'react';
import { api, enc } from './api';
import { useConsole } from './context';
import type { CaseSummary } from './types';

const START_KEY = 'vigie.workStartedAt';

function workStartedAt(): number {
  const saved = Number(sessionStorage.getItem(START_KEY));
  if (saved > 0) return saved;
  const now = Date.now();
  sessionStorage.setItem(START_KEY, String(now));
  return now;
}

export function BreakReminder() {
  const { t, settings, announce } = useConsole();
  const [due, setDue] = useState(false);
  const [onBreak, setOnBreak] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const every = Math.max(1, settings.breakEveryMinutes) * 60_000;
    const check = (): void => setDue(Date.now() - workStartedAt() >= every);
    check();
    const timer = window.setInterval(check, 30_000);
    return () => window.clearInterval(timer);
  }, [settings.breakEveryMinutes]);

  useEffect(() => {
    if (due || onBreak) dialog.current?.querySelector('button')?.focus();
  }, [due, onBreak]);

  function restart(): void {
    sessionStorage.setItem(START_KEY, String(Date.now()));
    setDue(false);
    setOnBreak(false);
  }

  async function takeBreak(): Promise<void> {
    const mine = await api<{ cases: CaseSummary[] }>('GET', '/v1/cases/mine').catch(() => ({ cases: [] as CaseSummary[] }));
    for (const c of mine.cases) await api('POST', `/v1/cases/${enc(c.id)}/release`, { reason: 'break' }).catch(() => undefined);
    setDue(false);
    setOnBreak(true);
    announce(t.onBreak);
  }

  if (!due && !onBreak) return null;
  const minutes = Math.round((Date.now() - workStartedAt()) / 60_000);
  return (
    <div className="overlay">
      <div ref={dialog} role="dialog" aria-modal="true" aria-labelledby="break-title" className="dialog">
        <h2 id="break-title">{t.breakTitle}</h2>
        {onBreak ? (
          <>
            <p>{t.onBreak}</p>
            <button type="button" onClick={restart}>
              {t.backToWork}
            </button>
          </>
        ) : (
          <>
            <p>{t.breakText(minutes)}</p>
            <button type="button" onClick={() => void takeBreak()}>
              {t.takeBreak}
            </button>{' '}
            <button type="button" className="secondary" onClick={restart}>
              {t.continueWork}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
