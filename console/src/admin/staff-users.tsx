import { useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { formatTime } from '../format';
import { useLoad } from '../use-load';
import type { Staff } from '../types';

const ROLES = ['admin', 'policy_lead', 'reviewer', 'triage', 'legal'];

export function StaffUsers() {
  const { t, lang, announce } = useConsole();
  const list = useLoad(() => api<{ staff: Staff[] }>('GET', '/v1/staff/users'), []);
  const [enrol, setEnrol] = useState('');
  const [error, setError] = useState('');

  async function create(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError('');
    try {
      const made = await api<{ otpauthUri: string }>('POST', '/v1/staff/users', {
        username: String(f.get('username')),
        displayName: String(f.get('displayName')) || undefined,
        role: String(f.get('role')),
        password: String(f.get('password')),
      });
      setEnrol(made.otpauthUri);
      form.reset();
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function change(s: Staff, body: Record<string, unknown>): Promise<void> {
    try {
      await api('PATCH', `/v1/staff/users/${enc(s.id)}`, body);
      list.reload();
    } catch (err) {
      announce(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <section aria-labelledby="staff-h">
      <h2 id="staff-h">{t.staffUsers}</h2>
      {list.error && <p className="error">{list.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.username}</th>
            <th scope="col">{t.displayName}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.openedAt}</th>
            <th scope="col">{t.status}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.staff.map((s) => (
            <tr key={s.id}>
              <td>{s.username}</td>
              <td>{s.displayName}</td>
              <td>
                <select aria-label={`${t.role} ${s.username}`} value={s.role} onChange={(e) => void change(s, { role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{formatTime(s.createdAt, lang)}</td>
              <td>
                <button type="button" onClick={() => void change(s, { disabled: !s.disabled })}>
                  {s.disabled ? t.enable : t.disable} <span className="visually-hidden">{s.username}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void create(e)} className="inline-form">
        <label>
          {t.username} <input name="username" required maxLength={64} autoComplete="off" />
        </label>
        <label>
          {t.displayName} <input name="displayName" maxLength={100} />
        </label>
        <label>
          {t.role}{' '}
          <select name="role" defaultValue="reviewer">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          {t.password} <input name="password" type="password" required minLength={12} autoComplete="new-password" />
        </label>
        <button type="submit">{t.create}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {enrol && (
        <p className="secret">
          {t.enrolUri} <code>{enrol}</code>
        </p>
      )}
    </section>
  );
}
