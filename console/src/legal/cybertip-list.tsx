// CyberTipline reports: the drafts waiting for the legal role's approval (overdue ones
// first to the eye), each approved as it is or escalated to NCMEC's high priority with the
// reason, or every report with its state and NCMEC's report id.
import { useState } from 'react';
import { api, enc } from '../api';
import { clauseTitle, useConsole } from '../context';
import { formatTime } from '../format';
import { href } from '../router';
import { useLoad } from '../use-load';

interface Cybertip {
  id: string;
  caseId: string | null;
  accountId: string;
  status: string;
  ncmecReportId: string | null;
  clauses: string[];
  contentIds: string[];
  automated: boolean;
  draftedAt: string;
  approveBy: string;
  overdue: boolean;
  submittedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
}

export function CybertipList({ drafts }: { drafts: boolean }) {
  const c = useConsole();
  const { t } = c;
  const list = useLoad(() => api<{ reports: Cybertip[] }>('GET', `/v1/cybertips?limit=200${drafts ? '&status=draft' : ''}`), [drafts]);

  async function approve(r: Cybertip, escalate?: string): Promise<void> {
    try {
      await api('POST', `/v1/cybertips/${enc(r.id)}/approve`, {
        reason: 'approved from the console',
        ...(escalate ? { escalateToHighPriority: escalate } : {}),
      });
      c.announce(t.approved);
      list.reload();
    } catch (e) {
      c.announce(e instanceof Error ? e.message : String(e));
    }
  }

  const reports = (list.data?.reports ?? []).filter((r) => drafts || r.status !== 'draft');
  return (
    <section aria-labelledby="cybertips-h">
      <h2 id="cybertips-h">{drafts ? t.drafts : t.filedReports}</h2>
      {list.error && <p className="error">{list.error}</p>}
      {list.data && reports.length === 0 && <p>{t.none}</p>}
      {reports.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.report}</th>
              <th scope="col">{t.caseTitle}</th>
              <th scope="col">{t.account}</th>
              <th scope="col">{t.clause}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{drafts ? t.approveBy : t.ncmecReportId}</th>
              {drafts && <th scope="col">{t.decision}</th>}
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  <code>{r.id}</code>
                </td>
                <td>{r.caseId ? <a href={href({ page: 'case', id: r.caseId })}>{r.caseId}</a> : '—'}</td>
                <td>{r.accountId}</td>
                <td>{r.clauses.map((x) => clauseTitle(c, x)).join(', ')}</td>
                <td>
                  {r.status}
                  {r.lastError ? ` — ${r.lastError}` : ''}
                </td>
                <td>
                  {drafts ? (
                    <>
                      {formatTime(r.approveBy, c.lang)}
                      {r.overdue && <strong className="error"> {t.overdue}</strong>}
                    </>
                  ) : (
                    (r.ncmecReportId ?? '—')
                  )}
                </td>
                {drafts && (
                  <td>
                    <button type="button" className="primary" onClick={() => void approve(r)}>
                      {t.approve} <span className="visually-hidden">{r.id}</span>
                    </button>
                    <Escalation id={r.id} onApprove={(reason) => void approve(r, reason)} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The escalation of one draft: closed until asked for, so that approving stays one key. */
function Escalation({ id, onApprove }: { id: string; onApprove: (reason: string) => void }) {
  const { t } = useConsole();
  const [reason, setReason] = useState('');
  const field = `escalate-${id}`;
  return (
    <details>
      <summary>
        {t.escalateReport} <span className="visually-hidden">{id}</span>
      </summary>
      <label htmlFor={field}>{t.escalateReason}</label>
      <textarea id={field} maxLength={3000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="button" disabled={reason.trim() === ''} onClick={() => onApprove(reason.trim())}>
        {t.approveEscalated} <span className="visually-hidden">{id}</span>
      </button>
    </details>
  );
}
