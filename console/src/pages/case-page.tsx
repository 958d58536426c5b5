// The case view: its state, the subject (media blurred), why it is here (signals and
// reports), the account's past, the decision form and the case's history.
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { go } from '../router';
import { useLoad } from '../use-load';
import type { CaseDetail, CaseSummary } from '../types';
import { SubjectView } from '../case/subject-view';
import { AccountView, HistoryList, ReportList, SignalList } from '../case/evidence-lists';
import { DecisionForm } from '../case/decision-form';
import { CaseActions } from '../case/case-actions';
import { takeNext, type QueueFilters } from './queues';

export function CasePage({ id }: { id: string }) {
  const c = useConsole();
  const { t } = c;
  const detail = useLoad(() => api<CaseDetail>('GET', `/v1/cases/${enc(id)}`), [id]);
  const d = detail.data;

  async function claim(): Promise<void> {
    try {
      await api<{ case: CaseSummary }>('POST', `/v1/cases/${enc(id)}/claim`);
      detail.reload();
    } catch (e) {
      c.announce(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function afterDecision(next: boolean): Promise<void> {
    if (!next) return detail.reload();
    const last = JSON.parse(sessionStorage.getItem('vigie.lastQueue') ?? 'null') as { queue: string; filters: QueueFilters } | null;
    const queue = last?.queue ?? d?.case.queue ?? 'general';
    const filters = last?.filters ?? { clause: '', source: '', urgent: false, language: '' };
    if (!(await takeNext(queue, filters, c.announce, t.noCase))) go({ page: 'queues' });
  }

  if (detail.error) {
    return (
      <>
        <h1>
          {t.caseTitle} {id}
        </h1>
        <p className="error">{detail.error}</p>
      </>
    );
  }
  if (!d) return <p>{t.loading}</p>;
  const k = d.case;
  const holds = d.youHold ?? k.assigneeId === c.session.staff.id;
  const open = k.status !== 'closed' && k.status !== 'decided';
  const canDecide = d.canDecide ?? c.may('case:decide');

  return (
    <>
      <h1>
        {t.caseTitle} {k.id}
      </h1>
      <dl className="facts case-facts">
        <dt>{t.status}</dt>
        <dd>{k.status}</dd>
        <dt>{t.queue}</dt>
        <dd>{k.queue}</dd>
        <dt>{t.priority}</dt>
        <dd>{k.priority}</dd>
        <dt>{t.openedAt}</dt>
        <dd>{formatTime(k.openedAt, c.lang)}</dd>
        {k.leaseUntil && (
          <>
            <dt>{holds ? t.leaseUntil : t.claimedBy}</dt>
            <dd>{formatTime(k.leaseUntil, c.lang)}</dd>
          </>
        )}
      </dl>
      {open && !holds && (
        <p>
          <button type="button" onClick={() => void claim()}>
            {t.claim}
          </button>
        </p>
      )}
      <div className="case-columns">
        <div>
          {d.subject && <SubjectView caseId={k.id} subject={d.subject} />}
          <SignalList signals={d.signals ?? []} />
          <ReportList reports={d.reports} />
          {d.account && <AccountView account={d.account} />}
        </div>
        <div>
          {open && holds && canDecide && (
            <DecisionForm
              caseId={k.id}
              media={d.subject?.media ?? []}
              classify={d.industryClassification === true}
              onDecided={(next) => void afterDecision(next)}
            />
          )}
          {open && holds && !canDecide && <p>{t.cannotDecide}</p>}
          {open && <CaseActions caseId={k.id} holds={holds} onChanged={detail.reload} />}
          <HistoryList history={d.history} />
        </div>
      </div>
    </>
  );
}
