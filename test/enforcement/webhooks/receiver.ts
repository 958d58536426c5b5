// A platform's webhook receiver, as the docs tell platforms to write one: it checks the
// signature on the raw body, applies each action once per idempotency key, and answers. The
// test scripts how it answers each request (fail, answer late, drop the connection).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../../src/enforcement/webhooks/signature.js';
import type { WebhookMessage } from '../../../src/enforcement/webhooks/message.js';

/**
 * ok: apply and answer 200. status: answer that code without applying (a 5xx outage, a 4xx
 * refusal, a redirect). late: apply, then answer after `ms` (the sender has given up by then).
 * drop: apply, then cut the connection before answering (the answer is lost).
 */
export type Behaviour = { kind: 'ok' } | { kind: 'status'; status: number; headers?: Record<string, string> } | { kind: 'late'; ms: number } | { kind: 'drop' };

export interface Received {
  n: number;
  headers: IncomingMessage['headers'];
  body: string;
  message: WebhookMessage | undefined;
  verified: boolean;
  /** This request's idempotency key had already been applied. */
  repeat: boolean;
  behaviour: Behaviour['kind'] | 'bad-signature';
}

export interface Receiver {
  url: string;
  secret: string;
  requests: Received[];
  /**
   * The effects applied, one entry per new idempotency key. If vigie sent a retry under a
   * new key, its action would show up here twice.
   */
  effects: string[];
  /** idempotency key → requests that carried it (a repeat is not an error, only a duplicate effect is). */
  seen: Map<string, number>;
  script: (n: number, message: WebhookMessage | undefined) => Behaviour;
  close(): Promise<void>;
}

export async function startReceiver(now: () => Date, path = '/hooks/vigie'): Promise<Receiver> {
  const pending = new Set<NodeJS.Timeout>();
  const receiver: Receiver = {
    url: '',
    secret: '',
    requests: [],
    effects: [],
    seen: new Map(),
    script: () => ({ kind: 'ok' }),
    close: async () => {
      for (const t of pending) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const applied = new Set<string>();
  const apply = (key: string): boolean => {
    // The platform's own dedupe: a repeated key is acknowledged, never applied again.
    if (applied.has(key)) return true;
    applied.add(key);
    receiver.effects.push(key);
    return false;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const n = receiver.requests.length + 1;
      const verified = verifySignature(receiver.secret, req.headers['vigie-signature'] as string | undefined, raw, now()).ok;
      let message: WebhookMessage | undefined;
      try {
        message = JSON.parse(body) as WebhookMessage;
      } catch {
        message = undefined;
      }
      const record: Received = { n, headers: req.headers, body, message, verified, repeat: false, behaviour: 'bad-signature' };
      receiver.requests.push(record);
      if (!verified || !message) {
        res.writeHead(401).end();
        return;
      }
      const key = req.headers['vigie-idempotency-key'] as string;
      receiver.seen.set(key, (receiver.seen.get(key) ?? 0) + 1);
      const behaviour = receiver.script(n, message);
      record.behaviour = behaviour.kind;
      switch (behaviour.kind) {
        case 'ok':
          record.repeat = apply(key);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
          return;
        case 'status':
          res.writeHead(behaviour.status, behaviour.headers ?? {}).end();
          return;
        case 'late': {
          record.repeat = apply(key);
          const t = setTimeout(() => {
            pending.delete(t);
            if (!res.destroyed) res.writeHead(200).end();
          }, behaviour.ms);
          pending.add(t);
          return;
        }
        case 'drop':
          record.repeat = apply(key);
          req.socket.destroy();
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}
