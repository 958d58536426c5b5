// INHOPE referrals: where the material is hosted, which hotline takes it, and when the legal
// role sent it through the hotline's own form. The reported address is shown as text, never
// as a link: nobody should land on it by a click.
import { api, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

interface Referral {
  id: string;
  status: 'prepared' | 'sent';
  url: string;
  hostingCountry: string | null;
  hotline: { id: string; name: string; reportUrl: string };
  caseId: string | null;
  preparedAt: string;
  sentAt: string | null;
}

export function ReferralList() {
  const c = useConsole();
  const { t } = c;
  const list = useLoad(() => api<{ referrals: Referral[] }>('GET', '/v1/referrals?limit=200'), []);

  async function sent(r: Referral): Promise<void> {
    try {
      await api('POST', `/v1/referrals/${enc(r.id)}/sent`, {});
      c.announce(t.saved);
      list.reload();
    } catch (e) {
      c.announce(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="referrals-h">
      <h2 id="referrals-h">{t.referrals}</h2>
      {list.error && <p className="error">{list.error}</p>}
      {list.data && list.data.referrals.length === 0 && <p>{t.none}</p>}
      <ul className="cards">
        {list.data?.referrals.map((r) => (
          <li key={r.id}>
            <p>
              <code>{r.url}</code>
            </p>
            <p>
              {r.hostingCountry ?? '??'} · {r.hotline.name} ·{' '}
              <a href={r.hotline.reportUrl} rel="noreferrer noopener" target="_blank">
                {t.hotlineForm}
              </a>{' '}
              · {t.placedAt} {formatTime(r.preparedAt, c.lang)}
            </p>
            {r.status === 'sent' ? (
              <p>
                {t.sentAt} {formatTime(r.sentAt, c.lang)}
              </p>
            ) : (
              <button type="button" onClick={() => void sent(r)}>
                {t.recordSent} <span className="visually-hidden">{r.url}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
