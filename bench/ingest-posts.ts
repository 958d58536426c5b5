// The posts the ingest benchmarks send: text and links, no media, 5,000 authors, every id new.
const words = 'the quick brown fox jumps over a lazy dog while people talk about weather football music school and dinner plans'.split(' ');

/** The i-th post's text: everyday words, 8 to 37 of them. */
export function postText(i: number): string {
  const n = 8 + (i % 30);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(words[(i * 7 + k * 13) % words.length]!);
  return out.join(' ');
}

/** The JSON body of the i-th post. */
export function postBody(i: number): string {
  return JSON.stringify({
    id: `bench-${i}`,
    kind: 'post',
    author: { id: `user-${i % 5000}`, handle: `user${i % 5000}` },
    text: postText(i),
    links: i % 4 === 0 ? [`https://example.org/articles/${i}`] : [],
    createdAt: new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + i).toISOString(),
  });
}
