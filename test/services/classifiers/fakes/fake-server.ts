// A local HTTP server that plays a classifier provider, for tests only: it records every
// request, answers with a provider's handler, and can be told to misbehave (an HTTP error,
// a slow answer, a body not in the documented shape).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export type Fault = { kind: 'status'; status: number } | { kind: 'delay'; ms: number } | { kind: 'garbage' };

export class FakeProvider {
  readonly requests: SeenRequest[] = [];
  /** Applied to each request in turn, then none: `faults.push(...)` to queue misbehaviour. */
  readonly faults: Fault[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly handle: (req: SeenRequest) => FakeAnswer) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const seen: SeenRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(seen);
        const fault = this.faults.shift();
        const answer = (): void => {
          if (fault?.kind === 'status') return void res.writeHead(fault.status, { 'content-type': 'application/json' }).end('{"error":"injected"}');
          if (fault?.kind === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"unexpected": true}');
          const a = this.handle(seen);
          res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
        };
        if (fault?.kind === 'delay') setTimeout(answer, fault.ms).unref();
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The single file part of a multipart/form-data body, or null. */
export function multipartPart(req: SeenRequest): { name: string; bytes: Buffer } | null {
  const m = /boundary=([^;]+)/.exec(String(req.headers['content-type'] ?? ''));
  if (!m) return null;
  const boundary = `--${m[1]}`;
  const text = req.body.toString('latin1');
  const start = text.indexOf(boundary);
  const headEnd = text.indexOf('\r\n\r\n', start);
  const end = text.indexOf(`\r\n${boundary}--`, headEnd);
  if (start < 0 || headEnd < 0 || end < 0) return null;
  const name = /name="([^"]+)"/.exec(text.slice(start, headEnd))?.[1] ?? '';
  return { name, bytes: req.body.subarray(headEnd + 4, end) };
}
