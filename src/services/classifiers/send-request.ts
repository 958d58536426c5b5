// Sends an adapter's request to the provider: a time limit on the whole exchange, no
// redirects (an answer elsewhere is not the provider's), a cap on the answer's size. The
// credentials travel in the request only: nothing here logs a header, a query or a body.
import type { ProviderRequest, ProviderResponse } from '../../detect/classifiers/index.js';

export type Fetch = typeof fetch;

/** No provider documents an answer anywhere near this. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export class ProviderTimeout extends Error {
  override readonly name = 'ProviderTimeout';
}

export async function sendRequest(baseUrl: string, request: ProviderRequest, options: { timeoutMs: number; fetch?: Fetch }): Promise<ProviderResponse> {
  const url = new URL(request.path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  // The path is absolute in the adapter; a base URL with a path prefix keeps it.
  url.pathname = `${new URL(baseUrl).pathname.replace(/\/$/, '')}${request.path}`;
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await (options.fetch ?? fetch)(url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_ANSWER_BYTES) {
      await res.body?.cancel();
      return { status: 502, body: '' };
    }
    const body = await res.text();
    return { status: res.status, body: body.length > MAX_ANSWER_BYTES ? '' : body };
  } catch (err) {
    if (signal.aborted) throw new ProviderTimeout(`no answer within ${options.timeoutMs} ms`);
    throw err;
  }
}
