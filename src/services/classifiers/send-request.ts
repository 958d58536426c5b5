// Sends an adapter's request to the provider: a time limit on the whole exchange, no
// redirects (an answer elsewhere is not the provider's), a cap on the answer's size. The
// credentials travel in the request only: nothing here logs a header, a query or a body,
// and no error it throws repeats the URL (Google's key is in its query).
import type { ProviderRequest, ProviderResponse } from '../../detect/classifiers/index.js';

export type Fetch = typeof fetch;

/** No provider documents an answer anywhere near this; a larger one is treated as a failure. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export class ProviderTimeout extends Error {
  override readonly name = 'ProviderTimeout';
}

export async function sendRequest(baseUrl: string, request: ProviderRequest, options: { timeoutMs: number; fetch?: Fetch }): Promise<ProviderResponse> {
  const base = new URL(baseUrl);
  // The adapter's path goes after any path the operator's base URL has (a proxy's prefix).
  const url = new URL(`${base.pathname.replace(/\/$/, '')}${request.path}`, base.origin);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await (options.fetch ?? fetch)(url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
    const body = await readCapped(res);
    return body === null ? { status: 502, body: '' } : { status: res.status, body };
  } catch (err) {
    if (signal.aborted) throw new ProviderTimeout(`no answer within ${options.timeoutMs} ms`);
    throw new Error(`the request failed: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`);
  }
}

/** The answer as text, or null past the cap (the rest is not read). */
async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      await res.body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
