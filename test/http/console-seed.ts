// Seeds for the console API tests: a post carrying a generated, benign image (a pattern of
// random coloured tiles), reported, so that its case has a media item to preview and reveal.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestApp } from '../support/app.js';
import sharp from 'sharp';
import { freshId, seedAccount, seedReport } from '../support/seed.js';
import type { ReportReasonId } from '../../src/policy/report-reasons.js';

export interface ImageCase {
  post: string;
  author: string;
  caseId: string;
  sha256: string;
  bytes: Buffer;
}

let seed = 7000;

/**
 * A benign test pattern of small random tiles, in colour: fine detail everywhere, so that a
 * test can tell a blurred preview from the item by how much detail is left.
 */
async function tiles(n: number, width = 320, height = 240): Promise<Buffer> {
  let s = (n * 2654435761) >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) & 255;
  };
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 4)
    for (let x = 0; x < width; x += 4) {
      const [r, g, b] = [next(), next(), next()];
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) raw.set([r, g, b], ((y + dy) * width + x + dx) * 3);
    }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

export async function seedImagePost(
  t: TestApp,
  options: { author?: string; text?: string } = {},
): Promise<{ post: string; author: string; sha256: string; bytes: Buffer }> {
  const author = options.author ?? (await seedAccount(t));
  const post = freshId('img-post');
  const bytes = await tiles(seed++);
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: {
      id: post,
      kind: 'post',
      author: { id: author },
      text: options.text ?? 'a photo of a bridge at dusk',
      media: [{ id: 'm1', data: bytes.toString('base64') }],
      createdAt: t.clock.now.toISOString(),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return { post, author, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** A post with an image, reported: its case is open in the user-reports queue. */
export async function seedImageCase(t: TestApp, reason: ReportReasonId = 'sexual-image-of-child', reporter?: string): Promise<ImageCase> {
  const p = await seedImagePost(t);
  const filed = await seedReport(t, { kind: 'content', id: p.post }, { reason, ...(reporter ? { reporter } : {}) });
  assert.ok(filed.caseId);
  return { ...p, caseId: filed.caseId };
}
