// Banks with their provenance, and importing a list with its progress. The import runs on
// the server; this page only follows it.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, enc } from '../api';
import { useConsole } from '../context';
import { useLoad } from '../use-load';

interface Bank {
  name: string;
  kind?: string;
  hashTypes?: string[];
  entries?: number;
  provenance?: unknown;
  verified?: boolean;
}

interface ImportProgress {
  id: string;
  bank: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  added?: number;
  errors: { line: number; message: string }[];
}

export function Banks() {
  const { t } = useConsole();
  const list = useLoad(() => api<{ banks: Bank[] }>('GET', '/v1/admin/banks'), []);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!progress || progress.status === 'done' || progress.status === 'failed') return;
    const timer = window.setTimeout(() => {
      api<{ import: ImportProgress }>('GET', `/v1/admin/banks/imports/${enc(progress.id)}`).then(
        (a) => setProgress(a.import),
        (e: unknown) => setError(String(e)),
      );
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [progress]);

  useEffect(() => {
    if (progress?.status === 'done') list.reload();
  }, [progress?.status, list]);

  async function start(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File)) return;
    setError('');
    try {
      const started = await api<{ import: ImportProgress }>('POST', `/v1/admin/banks/${enc(String(f.get('bank')))}/imports`, {
        text: await file.text(),
        format: String(f.get('format') ?? 'lines'),
      });
      setProgress(started.import);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  const banks = list.data?.banks ?? [];
  return (
    <section aria-labelledby="banks-h">
      <h2 id="banks-h">{t.banks}</h2>
      {list.error && <p className="error">{list.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.entries}</th>
            <th scope="col">{t.provenance}</th>
            <th scope="col">{t.verified}</th>
          </tr>
        </thead>
        <tbody>
          {banks.map((b) => (
            <tr key={b.name}>
              <td>
                {b.name}
                {b.hashTypes ? ` (${b.hashTypes.join(', ')})` : ''}
              </td>
              <td>{b.entries ?? '—'}</td>
              <td>{typeof b.provenance === 'string' ? b.provenance : JSON.stringify(b.provenance ?? null)}</td>
              <td>{b.verified ? t.yes : t.no}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void start(e)} className="inline-form">
        <fieldset>
          <legend>{t.importList}</legend>
          <label>
            {t.banks}{' '}
            <select name="bank" required>
              {banks.map((b) => (
                <option key={b.name}>{b.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t.importFile} <input type="file" name="file" required />
          </label>
          <label>
            {t.format}{' '}
            <select name="format" defaultValue="lines">
              <option value="lines">lines</option>
              <option value="csv">csv</option>
              <option value="threatexchange-csv">threatexchange-csv</option>
            </select>
          </label>
          <button type="submit">{t.importList}</button>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {progress && (
        <p>
          <label>
            {t.importProgress} ({progress.status}, {progress.done}
            {progress.total ? `/${progress.total}` : ''}, {progress.errors.length} {t.error})
            <progress value={progress.done} max={progress.total ?? undefined} />
          </label>
        </p>
      )}
    </section>
  );
}
