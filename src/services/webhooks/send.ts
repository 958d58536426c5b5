// One HTTP attempt at one delivery, and what its answer means. No database here: the handler
// decides what to record. The destination is checked (public addresses only) and pinned
// before anything is sent (destination.ts).
import http from 'node:http';
import https from 'node:https';
import { SIGNATURE_HEADER, sign } from '../../enforcement/webhooks/signature.js';
import { DestinationRefused, PUBLIC_ONLY, checkDestination, pinnedLookup, type Destination, type DestinationPolicy } from './destination.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface Outgoing {
  url: string;
  secret: string;
  /** The stored message, sent byte for byte. */
  body: string;
  deliveryId: string;
  idempotencyKey: string;
}

export type AttemptResult = { kind: 'delivered'; status: number } | { kind: 'retry'; error: string } | { kind: 'permanent'; error: string };

export interface SendOptions {
  now: () => Date;
  timeoutMs: number;
  /** The job's signal: aborted when the worker gives up on the run. */
  signal?: AbortSignal | undefined;
  /** Which addresses may be contacted; public ones only unless told otherwise. */
  destinations?: DestinationPolicy;
}

/**
 * 2xx is delivered. A 4xx says the platform refuses this message as it is, so retrying the
 * same bytes cannot help — except 408 and 429, which ask to come back later. Everything else
 * (5xx, 3xx, no answer) is worth another try.
 */
export function classifyStatus(status: number): AttemptResult['kind'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'permanent';
  return 'retry';
}

export async function sendOnce(out: Outgoing, options: SendOptions): Promise<AttemptResult> {
  let url: URL;
  try {
    url = new URL(out.url);
  } catch {
    return { kind: 'retry', error: 'not sent: the endpoint URL is not a URL' };
  }
  // Checked at each attempt, not only at registration: DNS may have changed since, and the
  // connection goes to the address checked here.
  let destination: Destination | null;
  try {
    destination = await checkDestination(url, options.destinations ?? PUBLIC_ONLY);
  } catch (err) {
    if (err instanceof DestinationRefused) return { kind: 'retry', error: `not sent: ${err.message}` };
    throw err;
  }
  const timestamp = Math.floor(options.now().getTime() / 1000);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let status: number;
  try {
    status = await post(
      url,
      destination,
      signal,
      {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(out.body)),
        'user-agent': 'vigie-webhooks/1',
        [SIGNATURE_HEADER]: sign(out.secret, timestamp, out.body),
        'vigie-idempotency-key': out.idempotencyKey,
        'vigie-delivery-id': out.deliveryId,
      },
      out.body,
    );
  } catch (err) {
    if (timeout.aborted) return { kind: 'retry', error: `no answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { kind: 'retry', error: 'the attempt was stopped by its worker' };
    return { kind: 'retry', error: `request failed: ${networkCause(err)}` };
  }
  const kind = classifyStatus(status);
  if (kind === 'delivered') return { kind, status };
  const what = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return { kind, error: `the endpoint answered HTTP ${status}${what}` };
}

/**
 * One POST to `url`, connected to the checked address (TLS still verifies the URL's host
 * name). Redirects are not followed: a redirect could carry a signed action to a host the
 * admin never approved. The answer's body means nothing to vigie and is not read.
 */
function post(url: URL, destination: Destination | null, signal: AbortSignal, headers: Record<string, string>, body: string): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(url, { method: 'POST', agent: false, ...(destination ? { lookup: pinnedLookup(destination) } : {}), signal, headers });
    req.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The socket error's code (ECONNREFUSED, ECONNRESET...) is what an admin needs. */
function networkCause(err: unknown): string {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code;
    const message = (cause as { message?: unknown }).message;
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message;
  }
  return err instanceof Error ? err.message : String(err);
}
