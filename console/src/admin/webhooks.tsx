import { api, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  platform: string;
}

interface Delivery {
  id: string;
  endpointId: string;
  eventType: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

export function Webhooks() {
  const { t, lang, announce } = useConsole();
  const endpoints = useLoad(() => api<{ endpoints: Endpoint[] }>('GET', '/v1/admin/webhooks/endpoints'), []);
  const dead = useLoad(() => api<{ deliveries: Delivery[] }>('GET', '/v1/admin/webhooks/deliveries?status=dead&limit=100'), []);

  async function replay(d: Delivery): Promise<void> {
    try {
      await api('POST', `/v1/admin/webhooks/deliveries/${enc(d.id)}/replay`, { reason: 'replayed from the console' });
      announce(t.replayed);
      dead.reload();
    } catch (err) {
      announce(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <>
      <section aria-labelledby="endpoints-h">
        <h2 id="endpoints-h">{t.endpoints}</h2>
        {endpoints.error && <p className="error">{endpoints.error}</p>}
        <table>
          <thead>
            <tr>
              <th scope="col">{t.url}</th>
              <th scope="col">{t.platform}</th>
              <th scope="col">{t.enabled}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data?.endpoints.map((e) => (
              <tr key={e.id}>
                <td>
                  <code>{e.url}</code>
                </td>
                <td>{e.platform}</td>
                <td>{e.active ? t.yes : t.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="dead-h">
        <h2 id="dead-h">{t.deadLetters}</h2>
        {dead.error && <p className="error">{dead.error}</p>}
        {dead.data && dead.data.deliveries.length === 0 && <p>{t.none}</p>}
        <ul className="cards">
          {dead.data?.deliveries.map((d) => (
            <li key={d.id}>
              <p>
                <code>{d.eventType}</code> · {formatTime(d.createdAt, lang)} · {d.attempts} · {d.lastError ?? ''}
              </p>
              <button type="button" onClick={() => void replay(d)}>
                {t.replay} <span className="visually-hidden">{d.id}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
