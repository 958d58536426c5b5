import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractLinks } from '../../../src/detect/links/extract.js';

function urls(text: string): string[] {
  return extractLinks(text).map((l) => l.canonical.url);
}

describe('extractLinks', () => {
  test('full URLs and bare domains', () => {
    assert.deepEqual(urls('see https://www.Example.com/a/b?c=1#frag. and example.org'), ['https://www.example.com/a/b?c=1', 'http://example.org/']);
    assert.deepEqual(urls('shop.example.co.uk/item, thanks'), ['http://shop.example.co.uk/item']);
  });

  test('defanged forms: [.], (dot), hxxp, [:]', () => {
    assert.deepEqual(urls('visit example[.]com/page or hxxps://evil[.]org/x'), ['http://example.com/page', 'https://evil.org/x']);
    assert.deepEqual(urls('example(dot)net and hxxp[:]//site{.}io/p'), ['http://example.net/', 'http://site.io/p']);
  });

  test('inserted spaces and written-out dots', () => {
    assert.deepEqual(urls('example . com and site dot net and www. example. org'), ['http://example.com/', 'http://site.net/', 'http://www.example.org/']);
  });

  test('prose with spaced dots is not taken for links', () => {
    assert.deepEqual(urls('It was a great show. Live music all night. Com on'), []);
    assert.deepEqual(urls('e.g. this is fine. i.e. that too'), []);
  });

  test('full-width characters, ideographic dots and invisible characters', () => {
    assert.deepEqual(urls('ｅｘａｍｐｌｅ．ｃｏｍ／ｐａｔｈ'), ['http://example.com/path']);
    assert.deepEqual(urls('example。com'), ['http://example.com/']);
    assert.deepEqual(urls('ex\u200bam\u200dple.com'), ['http://example.com/']);
  });

  test('spans point into the original text and obfuscation is reported', () => {
    const text = 'go to ｅｘａｍｐｌｅ[.]com now';
    const [link] = extractLinks(text);
    assert.ok(link);
    assert.equal(text.slice(link.span.start, link.span.end), 'ｅｘａｍｐｌｅ[.]com');
    assert.equal(link.raw, 'ｅｘａｍｐｌｅ[.]com');
    assert.equal(link.obfuscated, true);
    const [plain] = extractLinks('a https://example.com/x b');
    assert.equal(plain?.obfuscated, false);
    assert.equal(plain?.raw, 'https://example.com/x');
  });

  test('trailing punctuation and unbalanced brackets stay with the prose', () => {
    assert.deepEqual(urls('(see https://bit.ly/abc)'), ['https://bit.ly/abc']);
    assert.deepEqual(urls('(see example.org/a_(b))'), ['http://example.org/a_(b)']);
    assert.deepEqual(urls('"example.com/x"!'), ['http://example.com/x']);
  });

  test('e-mail addresses are not links; unknown suffixes need a scheme', () => {
    assert.deepEqual(urls('write to me@example.com please'), []);
    assert.deepEqual(urls('open notes.txt'), []);
    assert.deepEqual(urls('http://intranet/page'), ['http://intranet/page']);
    assert.deepEqual(urls('http://127.0.0.1:8080/x and 10.0.0.1/admin'), ['http://127.0.0.1/x', 'http://10.0.0.1/admin']);
  });

  test('never throws and spans stay inside the text, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        for (const l of extractLinks(s)) {
          assert.ok(l.span.start >= 0 && l.span.end <= s.length && l.span.start < l.span.end);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '.', ' ', 'com', '[.]', 'dot', '/', ':', 'hxxp', '@', '(', ')', '\u3002', 'é'), { maxLength: 60 }), (parts) => {
        extractLinks(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });
});
