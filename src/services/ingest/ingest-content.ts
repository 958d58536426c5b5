// A post, comment, profile field or direct message arrives: its media are matched against
// the banks, its text and links are read, and the item with its signals goes to the
// batcher, which writes it, decides on it and carries the decision out in one unit of
// work. The answer says what was decided.
//
// Media enter the content-addressed store only once the item is accepted (created, or a
// replay, which also restores a file a crash between commit and move may have lost): the
// whole request is checked first, multipart parts wait in their temporary files (the
// route spools them), inline bytes in memory, and a refused item (400, 409, 413, 503, a
// failed write) leaves nothing on disk.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import type { MediaFiles, SpooledMedia } from '../../store/media-files.js';
import { accountStates } from '../../store/subject-states.js';
import { requestDigest, type ContentKind, type IngestItem, type IngestMedia, type IngestSignal } from '../../moderation/ingest.js';
import type { Actor, JsonValue } from '../../moderation/events.js';
import { conversationStep, postSignals } from '../../moderation/text-signals.js';
import type { MessageReview } from '../../moderation/text-review.js';
import { ageStatus } from '../../policy/ages.js';
import type { TextEngine, TextMessage } from '../../detect/text/index.js';
import { detectMediaType } from '../../detect/media/media-type.js';
import { sniffVideo } from '../../detect/media/video-format.js';
import type { VideoHasher } from '../media/video/video-hasher.js';
import type { KnownMaterialIndex } from '../banks/known-material-index.js';
import { HashPoolError, type HashPool } from '../media/hash-pool.js';
import type { Metrics } from '../metrics.js';
import { invalid, tooLarge, unavailable } from '../errors.js';
import type { IngestOutcome } from './ingest-batch.js';
import type { IngestBatcher } from './ingest-batcher.js';
import { mediaSignals } from './media-signals.js';
import { DEFAULT_PLATFORM, scopedId } from '../../moderation/platform-ids.js';
import { contentForPlatform } from '../platforms/platform-views.js';

export interface ContentInput {
  id: string;
  kind: ContentKind;
  author: { id: string; handle?: string | undefined };
  text?: string | undefined;
  links?: string[] | undefined;
  media?: { id: string; mimeType?: string | undefined; data?: string | undefined; originalFileName?: string | undefined }[] | undefined;
  inReplyTo?: string | undefined;
  recipient?: { id: string; handle?: string | undefined } | undefined;
  createdAt: string;
}

export interface IngestContentDeps {
  store: Store;
  media: MediaFiles;
  mediaLimit: number;
  /** Largest video (MP4/QuickTime, Matroska/WebM by their bytes); images keep `mediaLimit`. */
  videoLimit: number;
  knownMaterial: KnownMaterialIndex;
  hashPool: HashPool;
  videos: VideoHasher;
  text: () => TextEngine;
  batcher: IngestBatcher;
  metrics?: Pick<Metrics, 'mediaHashRejected' | 'mediaNotPdqHashed'>;
  now(): Date;
}

/** One media item of a request, checked, with its digests, not yet stored. */
interface PendingMedia {
  meta: IngestMedia;
  source: { bytes: Uint8Array } | SpooledMedia;
}

/** How many seconds a client is asked to wait when media cannot be hashed now. */
export const HASH_RETRY_AFTER_SECONDS = 1;

/**
 * `platform`: the caller's; the item, its author and recipient and the item it answers are
 * named by that platform's ids, and the state answered names them the same way.
 * `parts`: a multipart request's file parts, spooled to temporary files, by media id.
 * This call owns them from now on: each is moved into the media store if the item is
 * accepted and deleted otherwise, whatever happens.
 */
export async function ingestContent(
  deps: IngestContentDeps,
  platform: string,
  input: ContentInput,
  parts: Map<string, SpooledMedia> | undefined,
  actor: Actor,
  log: Pick<Logger, 'warn'>,
): Promise<{ item: IngestItem; outcome: IngestOutcome }> {
  try {
    const body = platform === DEFAULT_PLATFORM ? input : scopedInput(platform, input);
    const pending = checkMedia(deps, body, parts);
    const result = await ingestChecked(deps, body, pending, actor, log);
    if (pending.length > 0 && (result.outcome.kind === 'created' || result.outcome.kind === 'replayed')) await keepMedia(deps.media, pending);
    if (platform === DEFAULT_PLATFORM || !('state' in result.outcome)) return result;
    return { item: result.item, outcome: { ...result.outcome, state: contentForPlatform(platform, result.outcome.state) } };
  } finally {
    // Whatever was not moved into place (a refusal, a conflict, a failure) goes.
    if (parts && parts.size > 0) await Promise.all([...parts.values()].map((p) => deps.media.discard(p)));
  }
}

/** The item with every id the platform gave made unique to it (src/moderation/platform-ids.ts). */
function scopedInput(platform: string, body: ContentInput): ContentInput {
  return {
    ...body,
    id: scopedId(platform, body.id),
    author: { ...body.author, id: scopedId(platform, body.author.id) },
    ...(body.recipient ? { recipient: { ...body.recipient, id: scopedId(platform, body.recipient.id) } } : {}),
    ...(body.inReplyTo !== undefined ? { inReplyTo: scopedId(platform, body.inReplyTo) } : {}),
  };
}

async function ingestChecked(
  deps: IngestContentDeps,
  body: ContentInput,
  pending: PendingMedia[],
  actor: Actor,
  log: Pick<Logger, 'warn'>,
): Promise<{ item: IngestItem; outcome: IngestOutcome }> {
  const media = pending.map((p) => p.meta);
  // Most posts carry no media: no await for them on the hottest path.
  const signals = pending.length > 0 ? await scanMedia(deps, pending, log) : [];
  const at = deps.now().toISOString();
  const createdAt = new Date(body.createdAt).toISOString();
  const onTextError = (err: Error) => log.warn({ contentId: body.id, reason: err.message }, 'text could not be evaluated');
  let conversation;
  let review: MessageReview | null = null;
  if (body.kind === 'direct_message' && body.recipient && body.text) {
    conversation = conversationStep(await directMessage(deps.store, body, createdAt));
  } else {
    const post = postSignals(deps.text(), { id: body.id, text: body.text ?? '', from: body.author.id, at: createdAt }, body.links ?? [], onTextError);
    signals.push(...post.signals);
    review = post.review;
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
  const outcome = await deps.batcher.submit({ item, actor, at, ...(conversation ? { conversation } : {}), ...(review?.step ? { review } : {}) });
  return { item, outcome };
}

/**
 * The request as it is compared on a replay: every field in a fixed order (so a sender
 * may reorder keys), absent fields as null, media by digest rather than by their base64
 * (so JSON and multipart forms of one item agree). A media item's original file name is left
 * out: it is the uploader's label, not the item, and a retry whose client names the part
 * differently (curl sends the local file's name) is the same item; the first name is kept.
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

/** Checks every media item of the request (ids, bytes present, sizes, stray parts) before any work. */
function checkMedia(deps: IngestContentDeps, body: ContentInput, parts: Map<string, SpooledMedia> | undefined): PendingMedia[] {
  const out: PendingMedia[] = [];
  const seen = new Set<string>();
  for (const m of body.media ?? []) {
    if (seen.has(m.id)) throw invalid(`media id ${m.id} appears twice`);
    seen.add(m.id);
    const part = m.data === undefined ? parts?.get(m.id) : undefined;
    if (m.data === undefined && !part) throw invalid(`media ${m.id} has no bytes: give "data" (base64) or a multipart part named "${m.id}"`);
    const size = part ? part.size : base64Length(m.data!);
    if (size === 0) throw invalid(`media ${m.id} is empty`);
    // The kind is told by the bytes, never by the declared type or a file name.
    const isVideo = sniffVideo(part ? part.head : Buffer.from(m.data!.slice(0, 88), 'base64')) !== undefined;
    const limit = isVideo ? deps.videoLimit : deps.mediaLimit;
    if (size > limit) throw tooLarge(`media ${m.id} is larger than ${limit} bytes${isVideo ? ' (the video limit)' : ''}`);
    let source: PendingMedia['source'];
    let digests: { sha256: string; md5: string };
    let head: Uint8Array;
    if (part) {
      source = part;
      digests = part;
      head = part.head;
    } else {
      const bytes = Buffer.from(m.data!, 'base64');
      source = { bytes };
      digests = { sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') };
      head = bytes;
    }
    const meta: IngestMedia = {
      id: m.id,
      declaredType: m.mimeType ?? null,
      detectedType: detectMediaType(head),
      size,
      sha256: digests.sha256,
      md5: digests.md5,
    };
    // Kept as the uploader's words for NCMEC's originalFileName; nothing reads it as a path or a type.
    if (m.originalFileName !== undefined) meta.originalFileName = m.originalFileName;
    out.push({ meta, source });
  }
  if (parts) {
    for (const name of parts.keys()) {
      if (!seen.has(name)) throw invalid(`file part "${name}" does not match any media id in the content part`);
    }
  }
  return out;
}

/** The bytes a (valid) base64 string decodes to, without decoding it. */
function base64Length(data: string): number {
  let pad = 0;
  if (data.endsWith('==')) pad = 2;
  else if (data.endsWith('=')) pad = 1;
  return Math.floor((data.length * 3) / 4) - pad;
}

/** Matches every media item against the banks; a hash pool that cannot take one now is a 503. */
async function scanMedia(deps: IngestContentDeps, pending: PendingMedia[], log: Pick<Logger, 'warn'>): Promise<IngestSignal[]> {
  const signals: IngestSignal[] = [];
  for (const p of pending) {
    try {
      signals.push(...(await mediaSignals(deps.knownMaterial, deps.hashPool, p.meta, p.source, log, deps.metrics, deps.videos)));
    } catch (err) {
      if (!(err instanceof HashPoolError)) throw err;
      deps.metrics?.mediaHashRejected.inc({ reason: err.code });
      throw unavailable(`media ${p.meta.id} cannot be checked now (${err.code}); retry with the same id`);
    }
  }
  return signals;
}

/** The item is accepted: its media enter the store (spooled files moved, inline bytes written). */
async function keepMedia(files: MediaFiles, pending: PendingMedia[]): Promise<void> {
  for (const p of pending) {
    if ('bytes' in p.source) await files.saveBytes(p.source.bytes, p.meta);
    else await files.keep(p.source);
  }
}

/** A direct message with what the platform told us of its two accounts (age signal, account age). */
async function directMessage(store: Store, body: ContentInput, createdAt: string): Promise<TextMessage> {
  const states = await accountStates(store.db, [body.author.id, body.recipient!.id]);
  const sender = states.get(body.author.id);
  const recipient = states.get(body.recipient!.id);
  const when = Date.parse(createdAt);
  const senderAge = ageStatus(sender ?? undefined, when);
  const recipientAge = ageStatus(recipient ?? undefined, when);
  const ageDays = sender?.platformCreatedAt ? Math.max(0, (Date.parse(createdAt) - Date.parse(sender.platformCreatedAt)) / 86_400_000) : undefined;
  return {
    id: body.id,
    text: body.text ?? '',
    from: body.author.id,
    to: body.recipient!.id,
    at: createdAt,
    // Unknown stays unknown: the case-opening policy judges it as its own context.
    ...(recipientAge !== 'unknown' ? { recipientIsMinor: recipientAge === 'minor' } : {}),
    ...(senderAge !== 'unknown' ? { senderIsMinor: senderAge === 'minor' } : {}),
    ...(ageDays !== undefined ? { senderAccountAgeDays: Math.floor(ageDays) } : {}),
  };
}
