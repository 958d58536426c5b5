// A post, comment, profile field or direct message arrives: its media are stored by digest
// and matched against the banks, its text and links are read, and the item with its
// signals goes to the batcher, which writes it, decides on it and carries the decision out
// in one unit of work. The answer says what was decided.
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import type { MediaFiles } from '../../store/media-files.js';
import { accountStates } from '../../store/subject-states.js';
import { requestDigest, type ContentKind, type IngestItem, type IngestMedia, type IngestSignal } from '../../moderation/ingest.js';
import type { Actor, JsonValue } from '../../moderation/events.js';
import { conversationStep, postSignals } from '../../moderation/text-signals.js';
import type { TextEngine, TextMessage } from '../../detect/text/index.js';
import { detectMediaType } from '../../detect/media/media-type.js';
import type { KnownMaterialIndex } from '../banks/known-material-index.js';
import type { HashPool } from '../media/hash-pool.js';
import { invalid, tooLarge } from '../errors.js';
import type { IngestOutcome } from './ingest-batch.js';
import type { IngestBatcher } from './ingest-batcher.js';
import { mediaSignals } from './media-signals.js';

export interface ContentInput {
  id: string;
  kind: ContentKind;
  author: { id: string; handle?: string | undefined };
  text?: string | undefined;
  links?: string[] | undefined;
  media?: { id: string; mimeType?: string | undefined; data?: string | undefined }[] | undefined;
  inReplyTo?: string | undefined;
  recipient?: { id: string; handle?: string | undefined } | undefined;
  createdAt: string;
}

export interface IngestContentDeps {
  store: Store;
  media: MediaFiles;
  mediaLimit: number;
  knownMaterial: KnownMaterialIndex;
  hashPool: HashPool;
  text: () => TextEngine;
  batcher: IngestBatcher;
  now(): Date;
}

/** `parts`: the bytes of a multipart request's file parts, by media id. */
export async function ingestContent(
  deps: IngestContentDeps,
  body: ContentInput,
  parts: Map<string, Buffer> | undefined,
  actor: Actor,
  log: Pick<Logger, 'warn'>,
): Promise<{ item: IngestItem; outcome: IngestOutcome }> {
  const { media, signals } = await storeMedia(deps, body, parts, log);
  const at = deps.now().toISOString();
  const createdAt = new Date(body.createdAt).toISOString();
  const onTextError = (err: Error) => log.warn({ contentId: body.id, reason: err.message }, 'text could not be evaluated');
  let conversation;
  if (body.kind === 'direct_message' && body.recipient && body.text) {
    conversation = conversationStep(await directMessage(deps.store, body, createdAt));
  } else {
    signals.push(...postSignals(deps.text(), { id: body.id, text: body.text ?? '', from: body.author.id, at: createdAt }, body.links ?? [], onTextError));
  }
  const item: IngestItem = {
    id: body.id,
    kind: body.kind,
    author: { id: body.author.id, handle: body.author.handle ?? null },
    text: body.text ?? null,
    links: body.links ?? [],
    media,
    inReplyTo: body.inReplyTo ?? null,
    recipientId: body.recipient?.id ?? null,
    createdAt,
    requestDigest: requestDigest(digestable(body, media, createdAt)),
    signals,
  };
  const outcome = await deps.batcher.submit({ item, actor, at, ...(conversation ? { conversation } : {}) });
  return { item, outcome };
}

/**
 * The request as it is compared on a replay: every field in a fixed order (so a sender
 * may reorder keys), absent fields as null, media by digest rather than by their base64
 * (so JSON and multipart forms of one item agree).
 */
function digestable(body: ContentInput, media: IngestMedia[], createdAt: string): JsonValue[] {
  return [
    body.id,
    body.kind,
    body.author.id,
    body.author.handle ?? null,
    body.text ?? null,
    body.links ?? [],
    media.map((m) => [m.id, m.sha256, m.declaredType]),
    body.inReplyTo ?? null,
    body.recipient?.id ?? null,
    body.recipient?.handle ?? null,
    createdAt,
  ];
}

async function storeMedia(
  deps: IngestContentDeps,
  body: ContentInput,
  parts: Map<string, Buffer> | undefined,
  log: Pick<Logger, 'warn'>,
): Promise<{ media: IngestMedia[]; signals: IngestSignal[] }> {
  const out: IngestMedia[] = [];
  const signals: IngestSignal[] = [];
  const seen = new Set<string>();
  for (const m of body.media ?? []) {
    if (seen.has(m.id)) throw invalid(`media id ${m.id} appears twice`);
    seen.add(m.id);
    const bytes = m.data !== undefined ? Buffer.from(m.data, 'base64') : parts?.get(m.id);
    if (!bytes) throw invalid(`media ${m.id} has no bytes: give "data" (base64) or a multipart part named "${m.id}"`);
    if (bytes.byteLength === 0) throw invalid(`media ${m.id} is empty`);
    if (bytes.byteLength > deps.mediaLimit) throw tooLarge(`media ${m.id} is larger than ${deps.mediaLimit} bytes`);
    const saved = await deps.media.save(bytes);
    const item: IngestMedia = {
      id: m.id,
      declaredType: m.mimeType ?? null,
      detectedType: detectMediaType(bytes),
      size: saved.size,
      sha256: saved.sha256,
      md5: saved.md5,
    };
    out.push(item);
    signals.push(...(await mediaSignals(deps.knownMaterial, deps.hashPool, item, bytes, log)));
  }
  if (parts) {
    for (const name of parts.keys()) {
      if (!seen.has(name)) throw invalid(`file part "${name}" does not match any media id in the content part`);
    }
  }
  return { media: out, signals };
}

/** A direct message with what the platform told us of its two accounts (age signal, account age). */
async function directMessage(store: Store, body: ContentInput, createdAt: string): Promise<TextMessage> {
  const states = await accountStates(store.db, [body.author.id, body.recipient!.id]);
  const sender = states.get(body.author.id);
  const recipient = states.get(body.recipient!.id);
  const ageDays = sender?.platformCreatedAt ? Math.max(0, (Date.parse(createdAt) - Date.parse(sender.platformCreatedAt)) / 86_400_000) : undefined;
  return {
    id: body.id,
    text: body.text ?? '',
    from: body.author.id,
    to: body.recipient!.id,
    at: createdAt,
    ...(recipient?.minor !== null && recipient?.minor !== undefined ? { recipientIsMinor: recipient.minor } : {}),
    ...(ageDays !== undefined ? { senderAccountAgeDays: Math.floor(ageDays) } : {}),
  };
}
