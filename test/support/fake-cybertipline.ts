// A fake of NCMEC's CyberTipline reporting API, for tests only: the documented endpoints
// (status, xsd, submit, upload, fileinfo, finish, retract; ncmec-cybertipline.md §2) under
// /ispws, basic auth, every XML document validated against NCMEC's schema with xmllint (an
// invalid one gets 4100, as NCMEC answers out-of-order children), the documented response
// codes (5001, 5002, 5101, 5102), and faults injected per endpoint: no answer (timeout), an
// HTTP 500, a response code, or the connection dropped after the request was processed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseXml } from '../../src/match/ncmec/xml.js';
import { schemaErrors, schemaPath } from './xmllint.js';

export type Endpoint = 'status' | 'xsd' | 'submit' | 'upload' | 'fileinfo' | 'finish' | 'retract';
export type Fault = { kind: 'timeout' } | { kind: 'http'; status: number } | { kind: 'code'; code: number } | { kind: 'drop-after' };

export interface FakeReport {
  id: string;
  status: 'open' | 'finished' | 'retracted';
  xml: string;
  files: Map<string, { name: string; md5: string; size: number; details: string | null }>;
}

export class FakeCyberTipline {
  readonly reports = new Map<string, FakeReport>();
  readonly calls: { endpoint: Endpoint; code: number | null }[] = [];
  private readonly faults = new Map<Endpoint, Fault[]>();
  private nextReport = 1000;
  private nextFile = 1;
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  url = '';

  constructor(
    readonly username = 'esp-user',
    readonly password = 'esp-password',
    private readonly xsd = schemaPath(),
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ispws`;
    return this;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next calls to `endpoint` meet these faults, one each, in order. */
  inject(endpoint: Endpoint, ...faults: Fault[]): void {
    this.faults.set(endpoint, [...(this.faults.get(endpoint) ?? []), ...faults]);
  }

  finished(): FakeReport[] {
    return [...this.reports.values()].filter((r) => r.status === 'finished');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').replace(/^\/ispws/, '').replace(/\?.*$/, '');
    const endpoint = path.slice(1) as Endpoint;
    const body = await readBody(req);
    if (!['status', 'xsd', 'submit', 'upload', 'fileinfo', 'finish', 'retract'].includes(endpoint)) return send(res, 404, 'not found');
    if (req.headers.authorization !== `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`) {
      res.setHeader('www-authenticate', 'Basic realm="ispws"');
      return send(res, 401, 'authentication required');
    }
    const fault = this.faults.get(endpoint)?.shift();
    if (fault?.kind === 'timeout') {
      this.hanging.add(res);
      this.calls.push({ endpoint, code: null });
      return;
    }
    if (fault?.kind === 'http') {
      this.calls.push({ endpoint, code: null });
      return send(res, fault.status, 'injected failure');
    }
    let answer: string;
    if (fault?.kind === 'code') answer = response({ code: fault.code, description: 'injected' });
    else answer = await this.answer(endpoint, req, body);
    const code = /<responseCode>(\d+)<\/responseCode>/.exec(answer)?.[1];
    this.calls.push({ endpoint, code: code !== undefined ? Number(code) : null });
    if (fault?.kind === 'drop-after') {
      // Processed, and then the connection goes before any answer.
      res.socket?.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': endpoint === 'xsd' ? 'application/xml' : 'text/xml; charset=utf-8' });
    res.end(answer);
  }

  private async answer(endpoint: Endpoint, req: IncomingMessage, body: Buffer): Promise<string> {
    switch (endpoint) {
      case 'status':
        return response({ code: 0 });
      case 'xsd':
        return readFileSync(this.xsd, 'utf8');
      case 'submit': {
        const xml = body.toString('utf8');
        const bad = this.invalid(xml, 'report');
        if (bad) return response({ code: 4100, description: `Validation failed: ${bad}` });
        const id = String(this.nextReport++);
        this.reports.set(id, { id, status: 'open', xml, files: new Map() });
        return response({ code: 0, reportId: id });
      }
      case 'upload': {
        const form = await new Request('http://fake/upload', {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? '' },
          body,
        }).formData();
        const id = String(form.get('id') ?? '');
        const file = form.get('file');
        if (!(file instanceof Blob)) return response({ code: 4200, description: 'Malformed file submittal' });
        const r = this.open(id);
        if (typeof r === 'number') return response({ code: r, reportId: id });
        const bytes = Buffer.from(await file.arrayBuffer());
        const fileId = `f${this.nextFile++}`;
        const md5 = createHash('md5').update(bytes).digest('hex');
        r.files.set(fileId, { name: (file as File).name, md5, size: bytes.length, details: null });
        return response({ code: 0, reportId: id, fileId, hash: md5 });
      }
      case 'fileinfo': {
        const xml = body.toString('utf8');
        const bad = this.invalid(xml, 'fileDetails');
        if (bad) return response({ code: 4100, description: `Validation failed: ${bad}` });
        const doc = parseXml(xml);
        const id = doc.children.find((c) => c.name === 'reportId')!.text.trim();
        const fileId = doc.children.find((c) => c.name === 'fileId')!.text.trim();
        const r = this.open(id);
        if (typeof r === 'number') return response({ code: r, reportId: id });
        const f = r.files.get(fileId);
        if (!f) return response({ code: 5002, description: 'File does not exist', reportId: id });
        f.details = xml;
        return response({ code: 0, reportId: id, fileId });
      }
      case 'finish': {
        const id = new URLSearchParams(body.toString('utf8')).get('id') ?? '';
        const r = this.open(id);
        if (typeof r === 'number') return response({ code: r, reportId: id });
        r.status = 'finished';
        return `<?xml version="1.0" encoding="UTF-8"?>\n<reportDoneResponse><responseCode>0</responseCode><reportId>${id}</reportId><files>${[...r.files.keys()].map((f) => `<fileId>${f}</fileId>`).join('')}</files></reportDoneResponse>`;
      }
      case 'retract': {
        const id = new URLSearchParams(body.toString('utf8')).get('id') ?? '';
        const r = this.open(id);
        if (typeof r === 'number') return response({ code: r, reportId: id });
        r.status = 'retracted';
        return response({ code: 0, reportId: id });
      }
    }
  }

  /** The open report, or the code NCMEC answers about it. */
  private open(id: string): FakeReport | number {
    const r = this.reports.get(id);
    if (!r) return 5001;
    if (r.status === 'finished') return 5102;
    if (r.status === 'retracted') return 5101;
    return r;
  }

  private invalid(xml: string, root: string): string | null {
    const errors = schemaErrors(xml, this.xsd);
    if (errors) return errors.split('\n')[0]!;
    try {
      return parseXml(xml).name === root ? null : `the root element is not <${root}>`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}

function response(r: { code: number; description?: string; reportId?: string; fileId?: string; hash?: string }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<reportResponse><responseCode>${r.code}</responseCode><responseDescription>${esc(r.description ?? '')}</responseDescription>` +
    `${r.reportId !== undefined && /^\d+$/.test(r.reportId) ? `<reportId>${r.reportId}</reportId>` : ''}${r.fileId !== undefined ? `<fileId>${r.fileId}</fileId>` : ''}${r.hash !== undefined ? `<hash>${r.hash}</hash>` : ''}</reportResponse>`
  );
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
