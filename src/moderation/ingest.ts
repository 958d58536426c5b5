// Turns one piece of content that a platform sends into moderation-log events. Pure:
// time, ids and the known author come from the caller.
import { hash } from 'node:crypto';
import type { Actor, JsonObject, JsonValue, NewEvent } from './events.js';
import type { MessageReview } from './text-review.js';

export const CONTENT_KINDS = ['post', 'direct_message', 'profile_field'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export interface IngestMedia {
  id: string;
  declaredType: string | null;
  detectedType: string;
  size: number;
  sha256: string;
  md5: string;
  /** The uploader's name for the file, when the platform gave one: metadata, never a path nor a type. */
  originalFileName?: string;
}

export interface IngestSignal {
  signal: string;
  source: string;
  strength: number;
  clause: string | null;
  evidence: JsonObject;
}

export interface IngestItem {
  id: string;
  kind: ContentKind;
  author: { id: string; handle: string | null };
  text: string | null;
  links: string[];
  media: IngestMedia[];
  inReplyTo: string | null;
  recipientId: string | null;
  createdAt: string;
  /** Digest of the request as received; a replay with another digest is refused. */
  requestDigest: string;
  /** What the detectors found before the write. */
  signals: IngestSignal[];
}

/** Digest of a request's meaning, for idempotency; the caller puts its fields in a fixed order. */
export function requestDigest(request: JsonValue): string {
  return hash('sha256', JSON.stringify(request), 'hex');
}

export interface KnownAuthor {
  handle: string | null;
}

export function ingestEvents(item: IngestItem, actor: Actor, at: string, author: KnownAuthor | undefined): NewEvent[] {
  const events: NewEvent[] = [];
  const accountRef = { kind: 'account' as const, id: item.author.id };
  if (!author) {
    events.push({ type: 'account.registered', subject: accountRef, actor, at, reason: 'first seen as an author', payload: { handle: item.author.handle } });
  } else if (item.author.handle !== null && item.author.handle !== author.handle) {
    events.push({ type: 'account.updated', subject: accountRef, actor, at, reason: 'handle changed', payload: { handle: item.author.handle } });
  }
  const contentRef = { kind: 'content' as const, id: item.id };
  events.push({
    type: 'content.ingested',
    subject: contentRef,
    actor,
    at,
    reason: null,
    payload: {
      kind: item.kind,
      authorId: item.author.id,
      text: item.text,
      links: item.links,
      media: item.media.map((m) => ({ ...m })),
      inReplyTo: item.inReplyTo,
      recipientId: item.recipientId,
      createdAt: item.createdAt,
      requestDigest: item.requestDigest,
    },
  });
  for (const s of item.signals) {
    events.push({
      type: 'signal.recorded',
      subject: contentRef,
      actor: { kind: 'system', id: null },
      at,
      reason: null,
      payload: { signal: s.signal, source: s.source, strength: s.strength, clause: s.clause, evidence: s.evidence },
    });
  }
  return events;
}

/**
 * A direct message is judged as part of its conversation, inside the write and in arrival
 * order, so that two messages of one conversation in one batch (or in two processes) each
 * see the other's effect. The step is plain data; the judging function comes with the
 * batch writer (`IngestDeps`).
 */
export interface ConversationStep {
  key: string;
  message: JsonObject;
}

/** Given a conversation's state before a message, the message's signals and the state after. */
export type ConversationJudge = (
  message: JsonObject,
  state: JsonObject | undefined,
) => { signals: IngestSignal[]; state: JsonObject; review: MessageReview | null };
