import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UrlBank, parseUrlList, sha256, entryExpression } from '../../../src/detect/links/bank.js';
import { canonicalizeUrl } from '../../../src/detect/links/canonicalize.js';
import { LinkScanner } from '../../../src/detect/links/scan.js';
import { ShortenerList } from '../../../src/detect/links/shorteners.js';
import { domainInfo } from '../../../src/detect/links/domain.js';

const lookup = (bank: UrlBank, url: string) => bank.lookup(canonicalizeUrl(url)).map((m) => m.expression);

describe('URL banks', () => {
  test('plain lists: page, directory and whole-domain entries', () => {
    const { bank, problems } = UrlBank.fromList(
      'test',
      '# a comment\nhttps://listed.example/dir/page.html\nfolder.example/files/\nwhole-site.example\n\n',
      'plain',
      'unit test',
    );
    assert.deepEqual(problems, []);
    assert.equal(bank.size, 3);
    assert.deepEqual(lookup(bank, 'http://LISTED.example/dir/page.html#x'), ['listed.example/dir/page.html']);
    assert.deepEqual(lookup(bank, 'http://listed.example/dir/other.html'), []);
    assert.deepEqual(lookup(bank, 'https://cdn.folder.example/files/a/b.jpg'), ['folder.example/files/']);
    assert.deepEqual(lookup(bank, 'http://a.b.whole-site.example/anything?q=1'), ['whole-site.example/']);
    assert.deepEqual(lookup(bank, 'http://not-whole-site.example/'), []);
    assert.equal(bank.lookup(canonicalizeUrl('whole-site.example'))[0]?.provenance, 'unit test');
  });

  test('an entry matches however the link is spelled', () => {
    const { bank } = UrlBank.fromList('test', 'listed.example/a%20b/c.html', 'plain');
    assert.deepEqual(lookup(bank, 'http://listed.example/a b/./c.html'), ['listed.example/a%20b/c.html']);
    assert.deepEqual(lookup(bank, 'http://listed.example//a%2520b/c.html'), ['listed.example/a%20b/c.html']);
  });

  test('IWF-style lists: scheme-less lines, CSV with a url column, *. domain entries', () => {
    const csv = 'id,url,added\n1,listed.example/p/1.html,2024-01-01\n2,"other.example/q/",2024-01-02\n3,*.domain.example,2024-01-03\n';
    const { bank, problems } = UrlBank.fromList('iwf', csv, 'iwf', 'IWF');
    assert.deepEqual(problems, []);
    assert.equal(bank.size, 3);
    assert.equal(lookup(bank, 'http://listed.example/p/1.html').length, 1);
    assert.equal(lookup(bank, 'https://other.example/q/r/s').length, 1);
    assert.equal(lookup(bank, 'https://x.domain.example/').length, 1);
    const lines = UrlBank.fromList('iwf', 'listed.example/p/1.html\nother.example/q/\n', 'iwf').bank;
    assert.equal(lookup(lines, 'http://other.example/q/z.html').length, 1);
  });

  test('hashed lists match by SHA-256 of the expression', () => {
    const text = `${sha256(entryExpression('hashed.example/dir/'))}\nnot-a-hash\n`;
    const { bank, problems } = UrlBank.fromList('hashed', text, 'sha256');
    assert.deepEqual(problems, [{ line: 2, message: 'not a 64-digit hex SHA-256' }]);
    assert.deepEqual(lookup(bank, 'http://www.hashed.example/dir/page'), ['hashed.example/dir/']);
  });

  test('a bad line is reported with its number and the rest is kept', () => {
    const parsed = parseUrlList('good.example/a\nhttp:///nohost\nalso-good.example\n', 'plain');
    assert.equal(parsed.expressions.length, 2);
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]?.line, 2);
  });
});

describe('LinkScanner', () => {
  test('flags shorteners, gives the registrable domain and bank matches', () => {
    const { bank } = UrlBank.fromList('test', 'listed.example/p/', 'plain');
    const scanner = new LinkScanner({ banks: [bank] });
    const found = scanner.scan('look bit[.]ly/xyz and https://www.listed.example/p/q.html and foo.blogspot.com');
    assert.deepEqual(
      found.map((f) => [f.host, f.registrableDomain, f.shortener, f.bankMatches.length]),
      [
        ['bit.ly', 'bit.ly', true, 0],
        ['www.listed.example', 'listed.example', false, 1],
        ['foo.blogspot.com', 'foo.blogspot.com', false, 0],
      ],
    );
  });

  test('the shortener list can be extended and matches subdomains', () => {
    const list = new ShortenerList(['short.example']);
    assert.equal(list.has('go.short.example'), true);
    assert.equal(list.has('notshort.example'), false);
    assert.equal(list.with(['other.example']).has('other.example'), true);
  });

  test('registrable domains honour public and private suffixes', () => {
    assert.equal(domainInfo('a.b.example.co.uk').registrableDomain, 'example.co.uk');
    assert.equal(domainInfo('user.github.io').registrableDomain, 'user.github.io');
    assert.equal(domainInfo('notes.txt').knownSuffix, false);
  });
});
