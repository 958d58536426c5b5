import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expandShortLink, headOnce, safeHead, ExpansionRefused, type Hop } from '../../src/services/detection/short-links.js';
import { ShortenerList } from '../../src/detect/links/shorteners.js';

// A real HTTP server on 127.0.0.1. It counts what reaches it, so the tests can show that
// a refused expansion never even connects.
let server: Server;
let port: number;
const seen: { method: string; url: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    if (req.url === '/a') res.writeHead(301, { location: `http://short.test:${port}/b` }).end();
    else if (req.url === '/b') res.writeHead(302, { location: 'https://destination.example/page?id=1' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('body that must never be read');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const shorteners = new ShortenerList(['short.test']);

describe('safeHead refuses internal addresses after resolution', () => {
  test('a server on 127.0.0.1 is refused because it is loopback, and is never contacted', async () => {
    const before = seen.length;
    const hop = safeHead({ ports: [port] });
    await assert.rejects(hop(new URL(`http://127.0.0.1:${port}/`)), (err: unknown) => {
      assert.ok(err instanceof ExpansionRefused);
      assert.equal(err.reason, 'address-not-public');
      assert.equal(err.address, '127.0.0.1');
      assert.equal(err.range, 'loopback');
      return true;
    });
    assert.equal(seen.length, before);
  });

  test('a public-looking name that resolves to loopback is refused (resolver injected)', async () => {
    const before = seen.length;
    const result = await expandShortLink(`http://short.test:${port}/a`, {
      shorteners,
      hop: safeHead({ ports: [port], resolver: async () => ['127.0.0.1'] }),
    });
    assert.equal(result.stopped, 'refused');
    assert.deepEqual(result.refused, { reason: 'address-not-public', address: '127.0.0.1', range: 'loopback' });
    assert.deepEqual(result.hops, []);
    assert.equal(seen.length, before);
  });

  test('one internal address among public ones refuses the host', async () => {
    const hop = safeHead({ ports: [port], resolver: async () => ['93.184.216.34', '::ffff:169.254.169.254'] });
    await assert.rejects(hop(new URL(`http://short.test:${port}/a`)), { reason: 'address-not-public', range: 'ipv4-mapped:link-local' });
  });

  test('localhost through the system resolver is refused', async () => {
    const hop = safeHead({ ports: [port] });
    await assert.rejects(hop(new URL(`http://localhost:${port}/`)), { reason: 'address-not-public' });
  });

  test('bracketed and mapped IPv6 loopback literals are refused', async () => {
    const hop = safeHead({ ports: [port] });
    await assert.rejects(hop(new URL(`http://[::1]:${port}/`)), { reason: 'address-not-public', range: 'loopback' });
    await assert.rejects(hop(new URL(`http://[::ffff:127.0.0.1]:${port}/`)), { reason: 'address-not-public', range: 'ipv4-mapped:loopback' });
  });

  test('schemes other than http(s) and ports off the allowlist are refused', async () => {
    const hop = safeHead();
    await assert.rejects(hop(new URL('ftp://short.test/x')), { reason: 'scheme' });
    await assert.rejects(hop(new URL('http://short.test:8080/x')), { reason: 'port' });
  });

  test('a resolver failure is a refusal, not a crash', async () => {
    const hop = safeHead({
      resolver: async () => {
        throw new Error('NXDOMAIN');
      },
    });
    await assert.rejects(hop(new URL('http://short.test/x')), { reason: 'resolve-failed' });
  });
});

describe('expandShortLink', () => {
  // The redirect logic is exercised against the same local server through headOnce, the
  // unguarded request primitive: the only way to reach a server on this machine, which is
  // exactly what safeHead exists to prevent.
  const direct: Hop = (url) => headOnce(url, '127.0.0.1', 2000);

  test('follows redirects through shortener hosts with HEAD and stops before the destination', async () => {
    const before = seen.length;
    const result = await expandShortLink(`http://short.test:${port}/a`, { shorteners, hop: direct });
    assert.equal(result.stopped, 'left-shorteners');
    assert.equal(result.final, 'https://destination.example/page?id=1');
    assert.deepEqual(
      result.hops.map((h) => [new URL(h.url).pathname, h.status]),
      [
        ['/a', 301],
        ['/b', 302],
      ],
    );
    assert.deepEqual(seen.slice(before), [
      { method: 'HEAD', url: '/a' },
      { method: 'HEAD', url: '/b' },
    ]);
  });

  test('a link that is not on a shortener is never requested', async () => {
    const before = seen.length;
    const result = await expandShortLink(`http://plain.test:${port}/a`, { shorteners, hop: direct });
    assert.equal(result.stopped, 'not-a-shortener');
    assert.equal(seen.length, before);
  });

  test('redirect loops stop at the hop limit', async () => {
    const result = await expandShortLink(`http://short.test:${port}/loop`, { shorteners, hop: direct, maxHops: 3 });
    assert.equal(result.stopped, 'max-hops');
    assert.equal(result.hops.length, 3);
  });

  test('a non-redirect answer ends the chain without reading the body', async () => {
    const result = await expandShortLink(`http://short.test:${port}/page`, { shorteners, hop: direct });
    assert.equal(result.stopped, 'no-redirect');
    assert.equal(result.hops[0]?.status, 200);
    assert.equal(seen.at(-1)?.method, 'HEAD');
  });
});
