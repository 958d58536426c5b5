// One HTTP attempt at one delivery, and what its answer means. No database here: the handler
// decides what to record.
import { SIGNATURE_HEADER, sign } from '../../enforcement/webhooks/signature.js';

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
  fetch?: typeof fetch;
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
  const timestamp = Math.floor(options.now().getTime() / 1000);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(out.url, {
      method: 'POST',
      // A redirect could send a signed action to a host the admin never approved.
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vigie-webhooks/1',
        [SIGNATURE_HEADER]: sign(out.secret, timestamp, out.body),
        'vigie-idempotency-key': out.idempotencyKey,
        'vigie-delivery-id': out.deliveryId,
      },
      body: out.body,
    });
  } catch (err) {
    if (timeout.aborted) return { kind: 'retry', error: `no answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { kind: 'retry', error: 'the attempt was stopped by its worker' };
    return { kind: 'retry', error: `request failed: ${networkCause(err)}` };
  }
  // The answer's body means nothing to vigie; dropping it frees the connection.
  await response.body?.cancel().catch(() => undefined);
  const kind = classifyStatus(response.status);
  if (kind === 'delivered') return { kind, status: response.status };
  const what = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
  return { kind, error: `the endpoint answered HTTP ${response.status}${what}` };
}

/** fetch hides the socket error in `cause`; its code (ECONNREFUSED, ENOTFOUND...) is what an admin needs. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code;
    const message = (cause as { message?: unknown }).message;
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message;
  }
  return err instanceof Error ? err.message : String(err);
}
