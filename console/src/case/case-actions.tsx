// Escalate, step away and comment, from the same view as the decision.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { go } from '../router';
import { typing } from '../shell';

export function CaseActions({ caseId, holds, onChanged }: { caseId: string; holds: boolean; onChanged(): void }) {
  const { t, may, announce } = useConsole();
  const [error, setError] = useState('');
  const escalateRef = useRef<HTMLSelectElement>(null);

  async function run(f: () => Promise<unknown>, after: () => void): Promise<void> {
    setError('');
    try {
      await f();
      after();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function stepAway(): Promise<void> {
    await run(
      () => api('POST', `/v1/cases/${enc(caseId)}/release`, { reason: 'stepped away' }),
      () => {
        announce(t.stepAwayHint);
        go({ page: 'queues' });
      },
    );
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e)) return;
      if (e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        escalateRef.current?.focus();
      } else if ((e.key === 's' || e.key === 'S') && holds) {
        e.preventDefault();
        void stepAway();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function escalate(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void run(
      () => api('POST', `/v1/cases/${enc(caseId)}/escalate`, { to: String(f.get('to')), reason: String(f.get('reason') ?? '') }),
      () => {
        announce(t.escalate);
        go({ page: 'queues' });
      },
    );
  }

  function comment(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    const form = e.currentTarget;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return;
    void run(
      () => api('POST', `/v1/cases/${enc(caseId)}/comments`, { text }),
      () => {
        form.reset();
        onChanged();
      },
    );
  }

  return (
    <section aria-labelledby="actions-h" className="case-actions">
      <h2 id="actions-h" className="visually-hidden">
        {t.escalate} / {t.stepAway} / {t.comment}
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {holds && (
        <p>
          <button type="button" onClick={() => void stepAway()} aria-keyshortcuts="s" aria-describedby="step-away-hint">
            {t.stepAway}
          </button>{' '}
          <span id="step-away-hint" className="hint">
            {t.stepAwayHint}
          </span>
        </p>
      )}
      {may('case:escalate') && (
        <form onSubmit={escalate} className="inline-form">
          <label>
            {t.escalateTo}{' '}
            <select name="to" ref={escalateRef} aria-keyshortcuts="e">
              <option value="senior-reviewer">{t.seniorReviewer}</option>
              <option value="legal">{t.legal}</option>
            </select>
          </label>
          <label>
            {t.reason} <input name="reason" required maxLength={1000} />
          </label>
          <button type="submit">{t.escalate}</button>
        </form>
      )}
      <form onSubmit={comment} className="inline-form">
        <label>
          {t.comment} <input name="text" required maxLength={4000} />
        </label>
        <button type="submit">{t.addComment}</button>
      </form>
    </section>
  );
}
