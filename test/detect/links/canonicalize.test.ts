import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUrl, UrlError } from '../../../src/detect/links/canonicalize.js';

// Input and expected output pairs from the Safe Browsing v4 "URLs and Hashing" page.
const SAFE_BROWSING_EXAMPLES: readonly [string, string][] = [
  ['http://host/%25%32%35', 'http://host/%25'],
  ['http://host/%25%32%35%25%32%35', 'http://host/%25%25'],
  ['http://host/%2525252525252525', 'http://host/%25'],
  ['http://host/asdf%25%32%35asd', 'http://host/asdf%25asd'],
  ['http://host/%%%25%32%35asd%%', 'http://host/%25%25%25asd%25%25'],
  ['http://www.google.com/', 'http://www.google.com/'],
  ['http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/', 'http://168.188.99.26/.secure/www.ebay.com/'],
  [
    'http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B',
    'http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+',
  ],
  ['http://3279880203/blah', 'http://195.127.0.11/blah'],
  ['http://www.google.com/blah/..', 'http://www.google.com/'],
  ['www.google.com/', 'http://www.google.com/'],
  ['www.google.com', 'http://www.google.com/'],
  ['http://www.evil.com/blah#frag', 'http://www.evil.com/blah'],
  ['http://www.GOOgle.com/', 'http://www.google.com/'],
  ['http://www.google.com.../', 'http://www.google.com/'],
  ['http://www.google.com/foo\tbar\rbaz\n2', 'http://www.google.com/foobarbaz2'],
  ['http://www.google.com/q?', 'http://www.google.com/q?'],
  ['http://www.google.com/q?r?', 'http://www.google.com/q?r?'],
  ['http://www.google.com/q?r?s', 'http://www.google.com/q?r?s'],
  ['http://evil.com/foo#bar#baz', 'http://evil.com/foo'],
  ['http://evil.com/foo;', 'http://evil.com/foo;'],
  ['http://evil.com/foo?bar;', 'http://evil.com/foo?bar;'],
  ['http://notrailingslash.com', 'http://notrailingslash.com/'],
  ['http://www.gotaport.com:1234/', 'http://www.gotaport.com/'],
  ['  http://www.google.com/  ', 'http://www.google.com/'],
  ['http:// leadingspace.com/', 'http://%20leadingspace.com/'],
  ['http://%20leadingspace.com/', 'http://%20leadingspace.com/'],
  ['%20leadingspace.com/', 'http://%20leadingspace.com/'],
  ['https://www.securesite.com/', 'https://www.securesite.com/'],
  ['http://host.com/ab%23cd', 'http://host.com/ab%23cd'],
  ['http://host.com//twoslashes?more//slashes', 'http://host.com/twoslashes?more//slashes'],
];

describe('canonicalizeUrl', () => {
  for (const [input, expected] of SAFE_BROWSING_EXAMPLES) {
    test(`Safe Browsing example ${JSON.stringify(input)}`, () => {
      assert.equal(canonicalizeUrl(input).url, expected);
    });
  }

  test('IDN hosts become Punycode and non-ASCII path bytes are escaped', () => {
    assert.equal(canonicalizeUrl('http://bücher.de/ü').url, 'http://xn--bcher-kva.de/%C3%BC');
  });

  test('IPv4 in octal, hex and short forms, and IPv4-mapped IPv6, become dotted decimal', () => {
    assert.equal(canonicalizeUrl('http://0x7f.1/').url, 'http://127.0.0.1/');
    assert.equal(canonicalizeUrl('http://0300.0250.0.1/').url, 'http://192.168.0.1/');
    assert.equal(canonicalizeUrl('http://[::ffff:127.0.0.1]/').url, 'http://127.0.0.1/');
    assert.equal(canonicalizeUrl('http://[64:ff9b::102:304]/x').url, 'http://1.2.3.4/x');
    const v6 = canonicalizeUrl('http://[2001:DB8:0:0::1]:8080/');
    assert.equal(v6.url, 'http://[2001:db8::1]/');
    assert.equal(v6.hostIsIp, true);
  });

  test('user information and port are dropped; the query is kept as is', () => {
    const c = canonicalizeUrl('https://user:pw@Example.COM:8443/a/./b/../c?X=1&y=%41');
    assert.equal(c.url, 'https://example.com/a/c?X=1&y=A');
    assert.equal(c.host, 'example.com');
    assert.equal(c.path, '/a/c');
    assert.equal(c.query, 'X=1&y=A');
  });

  test('input without a host gets a clear error', () => {
    assert.throws(() => canonicalizeUrl('http:///path'), UrlError);
    assert.throws(() => canonicalizeUrl('x'.repeat(10_000)), /longer than/);
  });
});
