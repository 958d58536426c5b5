// Builds ingest items for tests without going through HTTP.
import { requestDigest, type IngestItem } from '../../src/moderation/ingest.js';

export function post(id: string, authorId: string, text = `hello from ${authorId}`, extra: Partial<IngestItem> = {}): IngestItem {
  const base = {
    id,
    kind: 'post' as const,
    author: { id: authorId, handle: `@${authorId}` },
    text,
    links: [],
    media: [],
    inReplyTo: null,
    recipientId: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    signals: [],
    ...extra,
  };
  return {
    ...base,
    requestDigest: requestDigest({ id: base.id, kind: base.kind, author: base.author, text: base.text, links: base.links, createdAt: base.createdAt }),
  };
}

export const AT = '2026-11-28T12:00:00.000Z';
export const PLATFORM = { kind: 'api_key' as const, id: 'key_test' };
