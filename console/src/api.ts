// Every call the console makes goes to vigie's own API on the same origin: the session
// cookie rides along, and every unsafe method carries the session's CSRF token, as the
// staff API requires. Errors come back as problem+json; the console shows their detail.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title);
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API says the session is gone, so the shell can show the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (data ?? {}) as { title?: string; detail?: string; message?: string };
    if (res.status === 401 && path !== '/v1/staff/session') onSignedOut();
    throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? p.message ?? '');
  }
  return data as T;
}

/** Media bytes as an object URL, kept in memory only; the caller revokes it. */
export async function mediaUrl(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, res.statusText, `the media could not be loaded (${res.status})`);
  return URL.createObjectURL(await res.blob());
}

export const enc = encodeURIComponent;
