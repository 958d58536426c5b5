import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendRequest } from '../../../src/services/classifiers/send-request.js';

async function server(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const s = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise((r) => s.close(() => r())) };
}

test('the path goes after the base URL’s own prefix, with the query', async () => {
  let seen = '';
  const s = await server((req, res) => {
    seen = req.url ?? '';
    res.end('{}');
  });
  try {
    const r = await sendRequest(
      `${s.url}/proxy/`,
      { method: 'POST', path: '/v1/moderations', query: { key: 'k' }, headers: {}, body: '{}' },
      { timeoutMs: 2000 },
    );
    assert.equal(r.status, 200);
    assert.equal(seen, '/proxy/v1/moderations?key=k');
  } finally {
    await s.close();
  }
});

test('an answer past the size cap is not read and counts as a provider failure', async () => {
  const s = await server((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let i = 0; i < 20; i++) res.write(chunk);
    res.end();
  });
  try {
    const r = await sendRequest(s.url, { method: 'POST', path: '/x', headers: {}, body: '' }, { timeoutMs: 2000 });
    assert.deepEqual(r, { status: 502, body: '' });
  } finally {
    await s.close();
  }
});

test('a failed connection says why without repeating the URL or its key', async () => {
  await assert.rejects(
    sendRequest(
      'http://127.0.0.1:9',
      { method: 'POST', path: '/v1beta1/images:classify', query: { key: 'secret-key-value' }, headers: {}, body: '' },
      { timeoutMs: 2000 },
    ),
    (err: Error) => !err.message.includes('secret-key-value') && /the request failed/.test(err.message),
  );
});
