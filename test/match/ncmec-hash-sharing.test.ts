import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NcmecHashSharingClient, NcmecHttpError, ncmecEntriesInRange } from '../../src/match/ncmec/hash-sharing-client.js';
import { ncmecBankChanges, type NcmecEntryUpdate } from '../../src/match/ncmec/entries.js';
import { parseXml, XmlError } from '../../src/match/ncmec/xml.js';

// Placeholder fingerprints: arbitrary hex, standing for no real content.
const PDQ1 = '1'.repeat(64);
const PDQ2 = 'ab'.repeat(32);
const MD5V = 'c0ffee00'.repeat(4);
const NS = 'xmlns="https://hashsharing.ncmec.org/hashsharing/v2"';

const page1 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<queryResult ${NS}>
  <images count="3" maxTimestamp="2026-01-02T10:00:00Z">
    <image>
      <member id="7">Example ESP &amp; Co</member>
      <timestamp>2026-01-02T09:00:00Z</timestamp>
      <id>img-1</id>
      <classification>A1</classification>
      <fingerprints><md5>${'a'.repeat(32)}</md5><pdq>${PDQ1}</pdq></fingerprints>
      <feedback/>
    </image>
    <image>
      <member id="8">Other ESP</member>
      <id>img-2</id>
      <classification>B1</classification>
      <fingerprints><pdq>not-a-pdq</pdq></fingerprints>
    </image>
    <deletedImage><member id="7">Example ESP &amp; Co</member><id>img-0</id><timestamp>2026-01-02T10:00:00Z</timestamp></deletedImage>
  </images>
  <videos count="1" maxTimestamp="2026-01-02T11:00:00Z">
    <video>
      <member id="7">Example ESP &amp; Co</member><id>vid-1</id><classification>A2</classification>
      <fingerprints><md5>${MD5V}</md5><tmk-pdqf rel="self" href="/v2/entries/1/fingerprints/TMK_PDQF"/></fingerprints>
    </video>
  </videos>
  <paging><next>/v2/entries?from=2026-01-01T00%3A00%3A00.000Z&amp;to=2026-01-03T00%3A00%3A00.000Z&amp;start=2001&amp;size=1000&amp;max=3000</next></paging>
</queryResult>`;

const page2 = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<queryResult ${NS}>
  <images count="2" maxTimestamp="2026-01-02T12:00:00Z">
    <image><member id="7">Example ESP</member><id>img-1</id><classification>A2</classification>
      <fingerprints><pdq>${PDQ2}</pdq></fingerprints></image>
    <deletedImage><member id="8">Other ESP</member><id>img-2</id></deletedImage>
  </images>
</queryResult>`;

describe('NCMEC hash-sharing client against a local fake', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const expected = `Basic ${Buffer.from('esp-user:s3cret').toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401).end('unauthorised');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/xml');
      if (url.pathname === '/hashsharing/v2/status') {
        res.end(`<?xml version="1.0"?><status ${NS}><ipAddress>127.0.0.1</ipAddress><username>esp-user</username><member id="7">Example ESP</member></status>`);
      } else if (url.pathname === '/hashsharing/v2/members') {
        res.end(`<members ${NS}><member id="7">Example ESP</member><member id="8">Other ESP</member></members>`);
      } else if (url.pathname === '/hashsharing/v2/entries' && url.searchParams.get('start') === '2001') {
        res.end(page2);
      } else if (url.pathname === '/hashsharing/v2/entries' && url.searchParams.get('from')) {
        res.end(page1);
      } else {
        res.writeHead(500).end('<error>boom</error>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hashsharing`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => new NcmecHashSharingClient({ baseUrl: base, username: 'esp-user', password: 's3cret' });

  test('status and members', async () => {
    assert.deepEqual(await client().status(), { id: 7, name: 'Example ESP' });
    assert.deepEqual(await client().members(), [
      { id: 7, name: 'Example ESP' },
      { id: 8, name: 'Other ESP' },
    ]);
  });

  test('pages through entries, reading deletions, classifications and fingerprints', async () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-03T00:00:00Z');
    const pages = [];
    for await (const page of ncmecEntriesInRange(client(), from, to)) pages.push(page);
    assert.equal(pages.length, 2);
    assert.ok(seen.some((u) => u.includes('from=2026-01-01T00%3A00%3A00.000Z') && u.includes('to=2026-01-03')));
    const [p1, p2] = pages as [(typeof pages)[0], (typeof pages)[0]];
    assert.equal(p1.maxTimestamp, '2026-01-02T11:00:00Z');
    assert.equal(p1.updates.length, 4);
    assert.deepEqual(p1.updates[0], {
      id: 'img-1',
      member: { id: 7, name: 'Example ESP & Co' },
      kind: 'image',
      deleted: false,
      timestamp: '2026-01-02T09:00:00Z',
      classification: 'A1',
      fingerprints: { md5: 'a'.repeat(32), pdq: PDQ1 },
    });
    assert.equal(p1.updates[2]!.deleted, true);
    assert.deepEqual(p1.updates[3]!.fingerprints, { md5: MD5V });
    assert.equal(p2.next, undefined);

    const all: NcmecEntryUpdate[] = pages.flatMap((p) => p.updates);
    const pdq = ncmecBankChanges(all, 'pdq');
    // img-1 was updated on page 2 (later wins); img-2's bad value was withdrawn on page 2.
    assert.deepEqual(pdq.upserts, [{ hash: PDQ2, sourceId: '7-img-1', contributor: '7', label: 'A2', extra: { kind: 'image' } }]);
    assert.deepEqual(pdq.removals.sort(), ['7-img-0', '7-vid-1', '8-img-2']);
    const md5 = ncmecBankChanges(p1.updates, 'md5');
    assert.deepEqual(
      md5.upserts.map((e) => [e.sourceId, e.label]),
      [
        ['7-img-1', 'A1'],
        ['7-vid-1', 'A2'],
      ],
    );
    const bad = ncmecBankChanges(p1.updates, 'pdq');
    assert.equal(bad.issues.length, 1);
    assert.match(bad.issues[0]!, /entry 8-img-2: a pdq hash is 64/);
  });

  test('wrong credentials and server errors become clear errors', async () => {
    const wrong = new NcmecHashSharingClient({ baseUrl: base, username: 'esp-user', password: 'nope' });
    await assert.rejects(wrong.status(), (err: unknown) => err instanceof NcmecHttpError && err.status === 401);
    await assert.rejects(client().entries({ next: '/v2/unknown' }), /answered 500/);
    await assert.rejects(client().entries({ next: 'https://elsewhere.example/v2/entries' }), /not a path/);
  });

  test('refuses plain http to anything but a local fake', () => {
    assert.throws(() => new NcmecHashSharingClient({ baseUrl: 'http://example.org/hs', username: 'u', password: 'p' }), /https/);
  });
});

describe('XML reader', () => {
  test('refuses DOCTYPE (no entity expansion) and malformed input, with a line', () => {
    assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), XmlError);
    assert.throws(() => parseXml('<a><b></a>'), /does not match/);
    assert.throws(() => parseXml('<a>\n&bogus;</a>'), /unknown entity &bogus; \(line 2\)/);
    assert.throws(() => parseXml('<a></a><b/>'), /more than one root/);
    assert.throws(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100)), /deeper than/);
  });

  test('reads CDATA, comments, numeric references and drops namespace prefixes', () => {
    const el = parseXml('<?xml version="1.0"?><!-- c --><n:a xmlns:n="u" n:k=\'v&#x41;\'><![CDATA[<raw>]]>&#66;<b/></n:a>');
    assert.deepEqual(el, { name: 'a', attributes: { k: 'vA' }, text: '<raw>B', children: [{ name: 'b', attributes: {}, children: [], text: '' }] });
  });
});
