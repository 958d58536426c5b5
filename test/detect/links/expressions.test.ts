import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalizeUrl } from '../../../src/detect/links/canonicalize.js';
import { urlExpressions } from '../../../src/detect/links/expressions.js';

describe('urlExpressions', () => {
  test('host suffixes times path prefixes, as in the Safe Browsing examples', () => {
    assert.deepEqual(urlExpressions(canonicalizeUrl('http://a.b.c/1/2.html?param=1')), [
      'a.b.c/1/2.html?param=1',
      'a.b.c/1/2.html',
      'a.b.c/',
      'a.b.c/1/',
      'b.c/1/2.html?param=1',
      'b.c/1/2.html',
      'b.c/',
      'b.c/1/',
    ]);
  });

  test('at most five hosts from the last five labels, never the TLD alone', () => {
    const hosts = new Set(urlExpressions(canonicalizeUrl('http://a.b.c.d.e.f.g/1.html')).map((e) => e.split('/')[0]));
    assert.deepEqual([...hosts], ['a.b.c.d.e.f.g', 'c.d.e.f.g', 'd.e.f.g', 'e.f.g', 'f.g']);
  });

  test('at most six paths: with and without query, root and three directories', () => {
    const paths = urlExpressions(canonicalizeUrl('http://1.2.3.4/1/2/3/4/5/6.html?x')).map((e) => e.slice(e.indexOf('/')));
    assert.deepEqual(paths, ['/1/2/3/4/5/6.html?x', '/1/2/3/4/5/6.html', '/', '/1/', '/1/2/', '/1/2/3/']);
  });

  test('an IP host gives only itself', () => {
    const hosts = new Set(urlExpressions(canonicalizeUrl('http://1.2.3.4/x')).map((e) => e.split('/')[0]));
    assert.deepEqual([...hosts], ['1.2.3.4']);
  });
});
