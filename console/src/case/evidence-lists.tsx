// Why the case is here: every signal with the evidence that made it fire, every report with
// its reporter's track record, the account's history, and the case's own history.
import { clauseTitle, useConsole } from '../context';
import { formatTime } from '../format';
import type { AccountFacts, CaseReport, HistoryEntry, Signal } from '../types';

/** Evidence values as "key: value" pairs; nested values as compact JSON text. */
function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  return (
    <dl className="evidence">
      {Object.entries(evidence).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SignalList({ signals }: { signals: Signal[] }) {
  const c = useConsole();
  if (signals.length === 0) return null;
  return (
    <section aria-labelledby="signals-h">
      <h2 id="signals-h">{c.t.signals}</h2>
      <ul className="cards">
        {signals.map((s, i) => (
          <li key={i}>
            <p>
              <strong>{s.source}</strong>
              {s.clause ? ` · ${clauseTitle(c, s.clause)}` : ''} · {formatTime(s.at, c.lang)}
            </p>
            <Evidence evidence={s.evidence} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ReportList({ reports }: { reports: CaseReport[] }) {
  const { t, lang } = useConsole();
  if (reports.length === 0) return null;
  return (
    <section aria-labelledby="reports-h">
      <h2 id="reports-h">
        {t.reports} ({reports.length})
      </h2>
      <ul className="cards">
        {reports.map((r) => (
          <li key={r.id}>
            <p>
              <strong>{r.reason}</strong> · {formatTime(r.at, lang)}
            </p>
            <p>
              {t.reporter}: {r.reporter?.kind ?? r.reporterKind}
              {r.reporter?.trackRecord &&
                ` — ${t.trackRecord(r.reporter.trackRecord.filed, r.reporter.trackRecord.actioned, r.reporter.trackRecord.dismissed)}`}
            </p>
            {r.text && <p className="message-text">{r.text}</p>}
            {r.links.length > 0 && (
              <ul className="links">
                {r.links.map((l) => (
                  <li key={l}>
                    <code>{l}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AccountView({ account }: { account: AccountFacts }) {
  const c = useConsole();
  const { t } = c;
  return (
    <section aria-labelledby="account-h">
      <h2 id="account-h">
        {t.account}: {account.id} ({account.state})
      </h2>
      {account.earlierDecisions && account.earlierDecisions.length > 0 && (
        <>
          <h3>{t.earlierDecisions}</h3>
          <ul>
            {account.earlierDecisions.map((d) => (
              <li key={d.caseId}>
                {formatTime(d.at, c.lang)} · {d.outcome} · {d.clauses.map((x) => clauseTitle(c, x)).join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
      {account.linkedAccounts && account.linkedAccounts.length > 0 && (
        <>
          <h3>{t.linkedAccounts}</h3>
          <ul>
            {account.linkedAccounts.map((a) => (
              <li key={a.id}>
                {a.id} ({a.state}) · {a.via} · {a.kinds.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function HistoryList({ history }: { history: HistoryEntry[] }) {
  const { t, lang } = useConsole();
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t.history}</h2>
      <ol className="history">
        {history.map((e) => (
          <li key={e.seq}>
            <span className="meta">
              {formatTime(e.at, lang)} · {e.actor.kind}
              {e.actor.id ? ` ${e.actor.id}` : ''}
            </span>{' '}
            <strong>{e.type}</strong>
            {e.reason ? ` — ${e.reason}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
