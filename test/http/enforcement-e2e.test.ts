// The whole path, over HTTP: an operator puts a benign image on a bank marked verified (it
// plays the part of known material); a platform posts that image; vigie removes the post,
// suspends the author, blocks the author's identifiers, drafts a CyberTipline report, and
// the platform's webhook receiver gets every action, signed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
import { skipWithoutShared, sharedPath } from '../support/shared.js';
import { hashImageBytes as hashMedia } from '../../src/detect/media/index.js';
import { createBank } from '../../src/services/banks/create-bank.js';
import { importEntries } from '../../src/services/banks/import-entries.js';
import { createEndpoint } from '../../src/services/webhooks/endpoints.js';
import { startWorkers, type Workers } from '../../src/work/worker.js';
import { HandlerRegistry } from '../../src/work/handlers.js';
import { verifySignature } from '../../src/enforcement/webhooks/index.js';
import { registerWebhookHandlers } from '../../src/services/webhooks/deliver.js';

const SYSTEM = { kind: 'system' as const, id: null };

interface Received {
  signatureOk: boolean;
  key: string;
  kind: string;
  subject: { kind: string; id: string };
  userMayBeNotified: boolean;
}

async function receiver(secret: () => string) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verdict = verifySignature(secret(), req.headers['vigie-signature'] as string | undefined, body, Date.now());
      const message = JSON.parse(body);
      received.push({
        signatureOk: verdict.ok,
        key: String(req.headers['vigie-idempotency-key']),
        kind: message.action.kind,
        subject: message.action.subject,
        userMayBeNotified: message.action.userMayBeNotified,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function scenario(name: string, image: () => Promise<Buffer>, skip: false | string = false) {
  describeEachStore(`enforcement end to end: ${name}`, (store) => {
    test('a post carrying verified known material is removed, its author suspended and blocked, and the platform told, signed', { skip }, async () => {
      let secret = '';
      const hooks = await receiver(() => secret);
      // The platform's receiver listens on 127.0.0.1: the development switch.
      const t: TestApp = await buildTestApp(store(), { webhooks: { allowPrivate: true } });
      const workers: Workers = startWorkers(
        t.ctx.jobs,
        registerWebhookHandlers(new HandlerRegistry(), { store: store(), destinations: t.ctx.config.webhooks }),
        {
          pollIntervalMs: 50,
        },
      );
      try {
        secret = (await createEndpoint(store(), { url: hooks.url, actor: SYSTEM, at: new Date().toISOString() }, t.ctx.config.webhooks, null)).secret;
        const bytes = await image();
        const { pdq } = await hashMedia(bytes);
        const bank = await createBank(
          store(),
          { name: 'verified-test-bank', hashType: 'pdq', source: 'internal', verified: true },
          SYSTEM,
          new Date().toISOString(),
        );
        const { added } = await importEntries(store(), bank, [{ hash: pdq, label: 'test material stand-in' }], SYSTEM, new Date().toISOString());
        t.ctx.knownMaterial.addEntries(added, bank);

        const put = await t.app.inject({
          method: 'PUT',
          url: '/v1/accounts/offender-1',
          headers: t.auth(),
          payload: { handle: 'offender', identifiers: { email: 'First.Last+x@gmail.com' } },
        });
        assert.equal(put.statusCode, 201);
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/content',
          headers: t.auth(),
          payload: {
            id: 'post-e2e-1',
            kind: 'post',
            author: { id: 'offender-1', handle: 'offender' },
            text: 'look',
            media: [{ id: 'm1', data: bytes.toString('base64') }],
            createdAt: t.clock.now.toISOString(),
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json().state.status, 'removed', 'the answer already says what was decided');

        const content = await t.app.inject({ method: 'GET', url: '/v1/content/post-e2e-1', headers: t.auth() });
        assert.equal(content.json().state.status, 'removed');
        const account = await t.app.inject({ method: 'GET', url: '/v1/accounts/offender-1', headers: t.auth() });
        assert.equal(account.json().state.status, 'suspended');

        const drafts = await store().db.selectFrom('events').select('payload_json').where('type', '=', 'cybertip.drafted').execute();
        assert.equal(drafts.length, 1);
        assert.deepEqual(JSON.parse(drafts[0]!.payload_json).contentIds, ['post-e2e-1']);
        const notices = await store().db.selectFrom('events').select('seq').where('type', '=', 'notice.sent').execute();
        assert.equal(notices.length, 0, 'known material is removed without notice');

        await waitFor(() => hooks.received.some((r) => r.kind === 'remove_content') && hooks.received.some((r) => r.kind === 'suspend_account'));
        const removal = hooks.received.find((r) => r.kind === 'remove_content')!;
        const suspension = hooks.received.find((r) => r.kind === 'suspend_account')!;
        assert.deepEqual(removal.subject, { kind: 'content', id: 'post-e2e-1' });
        assert.deepEqual(suspension.subject, { kind: 'account', id: 'offender-1' });
        assert.equal(removal.userMayBeNotified, false);
        assert.ok(
          hooks.received.every((r) => r.signatureOk),
          'every message is signed with the endpoint secret',
        );
        assert.equal(new Set(hooks.received.map((r) => r.key)).size, hooks.received.length, 'one idempotency key per action');

        const signup = await t.app.inject({
          method: 'POST',
          url: '/v1/signups/check',
          headers: t.auth(),
          payload: { identifiers: { email: 'firstlast@googlemail.com' } },
        });
        assert.equal(signup.statusCode, 200, signup.body);
        assert.equal(signup.json().decision, 'deny', 'the suspended user cannot come back with the same address written differently');
      } finally {
        await workers.stop();
        await t.app.close();
        await hooks.close();
      }
    });
  });
}

scenario('generated image', () => patternImage(42));
const shared = skipWithoutShared();
scenario('benign fixture image', async () => readFileSync(sharedPath('fixtures', 'pdq', 'images', 'reg-test-input', 'dih', 'bridge-1-original.jpg')), shared);
