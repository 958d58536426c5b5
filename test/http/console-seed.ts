// Seeds for the console API tests: a post carrying a generated, benign image (a noise
// pattern), reported, so that its case has a media item to preview and reveal.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
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

export async function seedImagePost(t: TestApp, options: { author?: string; text?: string } = {}): Promise<{ post: string; author: string; sha256: string; bytes: Buffer }> {
  const author = options.author ?? (await seedAccount(t));
  const post = freshId('img-post');
  const bytes = await patternImage(seed++, 320, 240);
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
