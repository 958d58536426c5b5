// A local stand-in for the Commission's DSA Transparency Database API, speaking its
// documented wire format (docs/statements.md): bearer token, POST /api/v1/statement and
// POST /api/v1/statements (up to 100), 201 with the created statements, 422 with Laravel's
// validation errors, and "The identifier given is not unique within this platform." for a
// puid it holds already. It checks the fields the real validator requires.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeTransparencyDatabase {
  url: string;
  token: string;
  /** Statements held, by puid. */
  held: Map<string, Record<string, unknown>>;
  requests: { path: string; count: number }[];
  /** Answer 503 to every request while true. */
  down: boolean;
  close(): Promise<void>;
}

const REQUIRED = [
  'decision_facts',
  'decision_ground',
  'content_type',
  'category',
  'content_date',
  'application_date',
  'source_type',
  'automated_detection',
  'automated_decision',
  'puid',
];
const DECISIONS = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'];

function problems(s: Record<string, unknown>, held: Map<string, unknown>, prefix: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[prefix + field] ??= []).push(message);
  for (const f of REQUIRED) if (s[f] === undefined || s[f] === null || s[f] === '') add(f, `The ${f} field is required.`);
  if (!DECISIONS.some((d) => s[d] !== undefined))
    add('decision_visibility', 'The decision visibility field is required when none of decision monetary / decision provision / decision account are present.');
  if (s.decision_visibility !== undefined && !Array.isArray(s.decision_visibility)) add('decision_visibility', 'The decision visibility must be an array.');
  if (typeof s.puid === 'string' && !/^[a-zA-Z0-9-_]{1,500}$/.test(s.puid)) add('puid', 'The puid format is invalid.');
  if (typeof s.puid === 'string' && held.has(s.puid)) add('puid', 'The identifier given is not unique within this platform.');
  if (typeof s.decision_facts === 'string' && s.decision_facts.length > 5000)
    add('decision_facts', 'The decision facts may not be greater than 5000 characters.');
  if (s.decision_ground === 'DECISION_GROUND_ILLEGAL_CONTENT' && (!s.illegal_content_legal_ground || !s.illegal_content_explanation))
    add('illegal_content_legal_ground', 'The illegal content legal ground field is required.');
  if (s.decision_ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT' && (!s.incompatible_content_ground || !s.incompatible_content_explanation))
    add('incompatible_content_ground', 'The incompatible content ground field is required.');
  if (!Array.isArray(s.content_type) || s.content_type.length === 0) add('content_type', 'The content type must be an array.');
  for (const d of ['content_date', 'application_date'])
    if (typeof s[d] === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(s[d] as string)) add(d, `The ${d} does not match the format Y-m-d.`);
  if (!['Yes', 'No'].includes(s.automated_detection as string)) add('automated_detection', 'The selected automated detection is invalid.');
  return errors;
}

export async function startFakeTransparencyDatabase(): Promise<FakeTransparencyDatabase> {
  const token = `X|${randomUUID()}`;
  const held = new Map<string, Record<string, unknown>>();
  const requests: { path: string; count: number }[] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (state.down) return reply(503, { message: 'Service Unavailable' });
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { message: 'Unauthenticated.' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return reply(400, { message: 'bad json' });
      }
      const created = (s: Record<string, unknown>) => {
        const uuid = randomUUID();
        held.set(s.puid as string, { ...s, uuid });
        return {
          ...s,
          uuid,
          id: held.size,
          created_at: new Date().toISOString(),
          platform_name: 'test platform',
          permalink: `/statement/${uuid}`,
          self: `/api/v1/statement/${uuid}`,
        };
      };
      if (req.method === 'POST' && req.url === '/api/v1/statement') {
        requests.push({ path: req.url, count: 1 });
        const errors = problems(body, held, '');
        if (Object.keys(errors).length > 0) return reply(422, { message: Object.values(errors)[0]![0], errors });
        return reply(201, created(body));
      }
      if (req.method === 'POST' && req.url === '/api/v1/statements') {
        const list = body.statements;
        if (!Array.isArray(list) || list.length === 0 || list.length > 100)
          return reply(422, { message: 'The statements must be an array of 1 to 100.', errors: {} });
        requests.push({ path: req.url, count: list.length });
        const errors = Object.assign({}, ...list.map((s, i) => problems(s as Record<string, unknown>, held, `statements.${i}.`))) as Record<string, string[]>;
        const puids = list.map((s) => (s as { puid?: unknown }).puid);
        if (new Set(puids).size !== puids.length) errors['statements'] = ['The puids must be unique within the call.'];
        if (Object.keys(errors).length > 0) return reply(422, { message: Object.values(errors)[0]![0], errors });
        return reply(201, { statements: list.map((s) => created(s as Record<string, unknown>)) });
      }
      reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    held,
    requests,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
