// The decision, built from the policy's clauses: a violation (clauses and intent), no
// violation (why), or an exception with its justification for the senior who must confirm
// it. The preview shows the actions before anything is written; then "decide", or "decide
// and take the next case". Where the operator has signed NCMEC's industry hash-sharing
// agreement, a violation may also classify each media item shown (A1–B2).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { clauseTitle, useConsole } from '../context';
import { INDUSTRY_CLASSES, type DecisionAnswer, type Finding, type IndustryClass, type MediaItem } from '../types';

type Kind = 'violation' | 'no-violation' | 'exception';

interface Props {
  caseId: string;
  /** The media shown on the case, in the order of their tiles. */
  media: readonly MediaItem[];
  /** Whether the decision may carry NCMEC industry classifications (the case file says). */
  classify: boolean;
  onDecided(next: boolean): void;
}

export function DecisionForm({ caseId, media, classify, onDecided }: Props) {
  const c = useConsole();
  const { t } = c;
  const clauses = c.policy?.clauses ?? [];
  const [kind, setKind] = useState<Kind>('violation');
  const [violations, setViolations] = useState<string[]>([]);
  const [malicious, setMalicious] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const [exception, setException] = useState('');
  const [justification, setJustification] = useState('');
  const [classes, setClasses] = useState<Record<string, IndustryClass>>({});
  const [preview, setPreview] = useState<DecisionAnswer | null>(null);
  const [error, setError] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  // Any change to the finding makes the shown preview stale.
  useEffect(() => setPreview(null), [kind, violations, malicious, reason, exception, classes]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const el = e.target as HTMLElement;
      if ((e.key === 'd' || e.key === 'D') && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function finding(): Finding {
    if (kind === 'no-violation') return { clauses: reason ? [reason] : [], malicious: null };
    const classified = offerClasses && Object.keys(classes).length > 0;
    return {
      clauses: violations,
      malicious,
      ...(kind === 'exception' ? { exception: exception || null } : {}),
      ...(classified ? { industryClassifications: classes } : {}),
    };
  }

  function classifyFile(sha256: string, value: string): void {
    setClasses((all) => {
      const next = { ...all };
      if ((INDUSTRY_CLASSES as readonly string[]).includes(value)) next[sha256] = value as IndustryClass;
      else delete next[sha256];
      return next;
    });
  }

  // Offered with a violation of a clause the policy reports to NCMEC: a classification goes
  // with a CyberTipline report, and the API refuses it otherwise.
  const offerClasses = classify && kind === 'violation' && violations.some((id) => clauses.find((x) => x.id === id)?.reportToNcmec === true);
  // One choice per distinct file (the API keys them by SHA-256), numbered as the tiles are.
  const files = media.flatMap((m, i) => (media.findIndex((x) => x.sha256 === m.sha256) === i ? [{ item: m, n: i + 1 }] : []));
  const classLabel: Record<IndustryClass, string> = { A1: t.industryClassA1, A2: t.industryClassA2, B1: t.industryClassB1, B2: t.industryClassB2 };

  async function showPreview(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    try {
      setPreview(await api<DecisionAnswer>('POST', `/v1/cases/${enc(caseId)}/decision/preview`, finding()));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function decide(next: boolean): Promise<void> {
    setError('');
    try {
      if (kind === 'exception' && justification.trim()) {
        await api('POST', `/v1/cases/${enc(caseId)}/comments`, { text: justification.trim() });
      }
      await api<DecisionAnswer>('POST', `/v1/cases/${enc(caseId)}/decision`, finding());
      c.announce(t.decided);
      onDecided(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  const toggle = (id: string, on: boolean): void => setViolations((v) => (on ? [...v, id] : v.filter((x) => x !== id)));

  return (
    <section aria-labelledby="decision-h" className="decision">
      <h2 id="decision-h">{t.decision}</h2>
      <form ref={formRef} onSubmit={(e) => void showPreview(e)}>
        <fieldset>
          <legend>{t.whatFinding}</legend>
          {(
            [
              ['violation', t.violation],
              ['no-violation', t.noViolation],
              ['exception', t.exception],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="choice">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
            </label>
          ))}
        </fieldset>
        {kind !== 'no-violation' && (
          <>
            <fieldset>
              <legend>{t.violationClauses}</legend>
              {clauses
                .filter((x) => x.kind === 'violation')
                .map((v) => (
                  <label key={v.id} className="choice">
                    <input type="checkbox" value={v.id} checked={violations.includes(v.id)} onChange={(e) => toggle(v.id, e.target.checked)} />{' '}
                    {clauseTitle(c, v.id)}
                  </label>
                ))}
            </fieldset>
            <fieldset>
              <legend>{t.intent}</legend>
              <label className="choice">
                <input type="radio" name="intent" checked={malicious === true} onChange={() => setMalicious(true)} /> {t.malicious}
              </label>
              <label className="choice">
                <input type="radio" name="intent" checked={malicious === false} onChange={() => setMalicious(false)} /> {t.notMalicious}
              </label>
            </fieldset>
          </>
        )}
        {offerClasses && files.length > 0 && (
          <fieldset className="industry-class">
            <legend>{t.industryClass}</legend>
            <p id="industry-class-hint" className="hint">
              {t.industryClassHint}
            </p>
            {files.map(({ item, n }) => (
              <label key={item.sha256}>
                {t.industryClassFile(n, item.type)}{' '}
                <select
                  value={classes[item.sha256] ?? ''}
                  onChange={(e) => classifyFile(item.sha256, e.target.value)}
                  aria-describedby="industry-class-hint"
                  data-sha256={item.sha256}
                >
                  <option value="">{t.industryClassNone}</option>
                  {INDUSTRY_CLASSES.map((x) => (
                    <option key={x} value={x}>
                      {classLabel[x]}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        )}
        {kind === 'no-violation' && (
          <fieldset>
            <legend>{t.nonViolationReason}</legend>
            {clauses
              .filter((x) => x.kind === 'non-violation')
              .map((v) => (
                <label key={v.id} className="choice">
                  <input type="radio" name="reason" value={v.id} checked={reason === v.id} onChange={() => setReason(v.id)} /> {clauseTitle(c, v.id)}
                </label>
              ))}
          </fieldset>
        )}
        {kind === 'exception' && (
          <>
            <label>
              {t.exceptionKind}{' '}
              <select value={exception} onChange={(e) => setException(e.target.value)} required>
                <option value="" />
                {clauses
                  .filter((x) => x.kind === 'exception')
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      {clauseTitle(c, x.id)}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t.justification}
              <textarea value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={4000} required rows={3} />
            </label>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t.preview}</button>
      </form>
      {preview && (
        <div className="preview-box" aria-labelledby="preview-h">
          <h3 id="preview-h">{t.previewTitle}</h3>
          <p>
            <strong>{preview.outcome}</strong> · {preview.intent}
            {preview.clauses.length > 0 && ` · ${preview.clauses.map((x) => clauseTitle(c, x)).join(', ')}`}
          </p>
          {preview.pendingSenior && <p>{t.pendingSenior}</p>}
          {preview.actions.length === 0 ? (
            <p>{t.noActions}</p>
          ) : (
            <ul className="actions">
              {preview.actions.map((a, i) => (
                <li key={i}>
                  <code>{a.kind}</code>
                  {a.accountId ? ` · ${a.accountId}` : ''}
                  {a.contentIds.length > 0 ? ` · ${a.contentIds.join(', ')}` : ''}
                  {a.url ? ` · ${a.url}` : ''}
                  {a.country ? ` (${a.country})` : ''}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="primary" onClick={() => void decide(true)}>
            {t.decideAndNext}
          </button>{' '}
          <button type="button" onClick={() => void decide(false)}>
            {t.confirmDecision}
          </button>
        </div>
      )}
    </section>
  );
}
