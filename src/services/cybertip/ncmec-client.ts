// The CyberTipline reporting API's client (ncmec-cybertipline.md §2): one method per
// endpoint, basic auth from the secrets, a time limit on every call. It only speaks HTTP:
// what a response code means for the report is the workflow's business (file-report.ts).
// The credentials never appear in an error or a log line.
import { parseNcmecResponse, type NcmecResponse } from '../../legal/ncmec/index.js';
import type { NcmecConfig, NcmecSecrets } from '../../config/ncmec.js';

export interface CyberTiplineClient {
  status(): Promise<NcmecResponse>;
  xsd(): Promise<string>;
  submit(reportXml: string): Promise<NcmecResponse>;
  upload(reportId: string, fileName: string, bytes: Uint8Array, contentType: string): Promise<NcmecResponse>;
  fileInfo(fileDetailsXml: string): Promise<NcmecResponse>;
  finish(reportId: string): Promise<NcmecResponse>;
  retract(reportId: string): Promise<NcmecResponse>;
}

/**
 * The call's outcome is unknown: no answer (timeout, connection reset), a 5xx, or a body that
 * is not NCMEC's XML. The request may or may not have been processed.
 */
export class NcmecUnavailableError extends Error {
  override readonly name = 'NcmecUnavailableError';
}

/** NCMEC refused the credentials (HTTP 401/403): no retry helps until an operator fixes them. */
export class NcmecAuthError extends Error {
  override readonly name = 'NcmecAuthError';
}

export interface NcmecClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_XSD_BYTES = 4 * 1024 * 1024;

export function ncmecClient(o: NcmecClientOptions): CyberTiplineClient {
  const doFetch = o.fetch ?? fetch;
  const auth = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
  const call = async (method: 'GET' | 'POST', path: string, body?: { data: string | FormData; type?: string }, max = MAX_RESPONSE_BYTES): Promise<string> => {
    const headers: Record<string, string> = { authorization: auth, accept: 'text/xml, application/xml' };
    if (body?.type) headers['content-type'] = body.type;
    let res: Response;
    try {
      res = await doFetch(`${o.baseUrl}${path}`, {
        method,
        headers,
        ...(body ? { body: body.data } : {}),
        signal: AbortSignal.timeout(o.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new NcmecUnavailableError(
        `NCMEC ${path}: no answer (${err instanceof Error ? err.name : 'error'}: ${err instanceof Error ? err.message : String(err)})`,
      );
    }
    let text: string;
    try {
      text = await readCapped(res, max);
    } catch (err) {
      throw new NcmecUnavailableError(`NCMEC ${path}: the answer broke off (${err instanceof Error ? err.message : String(err)})`);
    }
    if (res.status === 401 || res.status === 403) throw new NcmecAuthError(`NCMEC ${path}: HTTP ${res.status}, the credentials were refused`);
    if (res.status >= 500) throw new NcmecUnavailableError(`NCMEC ${path}: HTTP ${res.status}`);
    return text;
  };
  const parsed = async (p: Promise<string>, path: string): Promise<NcmecResponse> => {
    const text = await p;
    try {
      return parseNcmecResponse(text);
    } catch (err) {
      throw new NcmecUnavailableError(`NCMEC ${path}: an answer vigie cannot read (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  const form = (reportId: string) => ({ data: new URLSearchParams({ id: reportId }).toString(), type: 'application/x-www-form-urlencoded' });
  return {
    status: () => parsed(call('GET', '/status'), '/status'),
    xsd: () => call('GET', '/xsd', undefined, MAX_XSD_BYTES),
    submit: (xml) => parsed(call('POST', '/submit', { data: xml, type: 'text/xml; charset=utf-8' }), '/submit'),
    upload: (reportId, fileName, bytes, contentType) => {
      const data = new FormData();
      data.set('id', reportId);
      data.set('file', new Blob([bytes], { type: contentType }), fileName);
      return parsed(call('POST', '/upload', { data }), '/upload');
    },
    fileInfo: (xml) => parsed(call('POST', '/fileinfo', { data: xml, type: 'text/xml; charset=utf-8' }), '/fileinfo'),
    finish: (reportId) => parsed(call('POST', '/finish', form(reportId)), '/finish'),
    retract: (reportId) => parsed(call('POST', '/retract', form(reportId)), '/retract'),
  };
}

async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new Error(`larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The configured client; without credentials, one that refuses every call (a report filed with it is marked failed). */
export function configuredClient(config: NcmecConfig, secrets: NcmecSecrets | undefined): CyberTiplineClient {
  if (secrets) return ncmecClient({ baseUrl: config.baseUrl, username: secrets.username, password: secrets.password, timeoutMs: config.timeoutMs });
  const refuse = (): never => {
    throw new NcmecAuthError('no CyberTipline credentials are configured (VIGIE_NCMEC_USERNAME, VIGIE_NCMEC_PASSWORD)');
  };
  return { status: refuse, xsd: refuse, submit: refuse, upload: refuse, fileInfo: refuse, finish: refuse, retract: refuse };
}
