import { useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { useLoad } from '../use-load';

interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
  platform: string;
}

export function ApiKeys() {
  const { t, lang, announce } = useConsole();
  const list = useLoad(() => api<{ apiKeys: ApiKey[] }>('GET', '/v1/admin/api-keys'), []);
  const [key, setKey] = useState('');
  const [error, setError] = useState('');

  async function create(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError('');
    try {
      const platform = String(f.get('platform') ?? '').trim();
      const made = await api<{ key: string }>('POST', '/v1/admin/api-keys', { name: String(f.get('name')), ...(platform ? { platform } : {}) });
      setKey(made.key);
      form.reset();
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function revoke(k: ApiKey): Promise<void> {
    try {
      await api('DELETE', `/v1/admin/api-keys/${enc(k.id)}`);
      list.reload();
    } catch (err) {
      announce(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">{t.apiKeys}</h2>
      {list.error && <p className="error">{list.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.platform}</th>
            <th scope="col">{t.openedAt}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.apiKeys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.platform}</td>
              <td>{formatTime(k.createdAt, lang)}</td>
              <td>
                {k.revokedAt ? (
                  `${t.revoked} ${formatTime(k.revokedAt, lang)}`
                ) : (
                  <button type="button" onClick={() => void revoke(k)}>
                    {t.revoke} <span className="visually-hidden">{k.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void create(e)} className="inline-form">
        <label>
          {t.name} <input name="name" required maxLength={100} />
        </label>
        <label>
          {t.platform} <input name="platform" maxLength={64} />
        </label>
        <button type="submit">{t.create}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {key && (
        <p className="secret">
          {t.keyShownOnce} <code>{key}</code>
        </p>
      )}
    </section>
  );
}
