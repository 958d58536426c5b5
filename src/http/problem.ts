// Errors as RFC 9457 problem details (application/problem+json). A problem never repeats
// what the request held (its URL, a header, a body snippet): the answer may be shown to
// someone other than the sender, and an echo is how a crafted link turns into an injection.
import { STATUS_CODES } from 'node:http';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const PROBLEM_TYPE = 'application/problem+json';

/**
 * Sent on every answer, errors and 404s included: the API's answers are data, never pages
 * a browser should render or sniff. The console, when it comes, sets its own policy.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export function problemBody(status: number, title: string, detail: string | undefined, extra: Record<string, unknown> = {}) {
  return { type: `urn:vigie:problem:${slug(title)}`, title, status, ...(detail ? { detail } : {}), ...extra };
}

/**
 * A whole HTTP/1.1 answer as bytes, for errors Node's parser raises before there is a
 * request to answer (a header section too large, a malformed request line): the
 * connection is closed after it.
 */
export function rawProblemResponse(status: number, detail: string): string {
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify(problemBody(status, title, detail));
  const headers = [
    `HTTP/1.1 ${status} ${title}`,
    `content-type: ${PROBLEM_TYPE}; charset=utf-8`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`),
    'connection: close',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
