// POST /v1/content (ingest one item, JSON or multipart) and GET /v1/content/{id}.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { mediaPartLimit } from '../../config/config.js';
import { Problem } from '../problem.js';
import { lingerOnClose } from '../linger.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { CONTENT_KINDS } from '../../moderation/ingest.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { HASH_RETRY_AFTER_SECONDS, ingestContent } from '../../services/ingest/ingest-content.js';
import type { IngestReview } from '../../services/ingest/ingest-batch.js';
import { discardMediaParts, receiveMediaPart, type SpooledMedia } from '../../services/ingest/media-uploads.js';
import { DATABASE_RETRY_AFTER_SECONDS, ServiceError } from '../../services/errors.js';
import { contentView } from '../../services/subjects/subject-views.js';
import { FileName, Id, Link, Text, textString } from '../schemas/strings.js';
import { CreatedAt, refuseUnlikelyTime } from '../schemas/times.js';

const Party = z.strictObject({ id: Id, handle: textString({ max: 256 }).optional() });

export const ContentBody = z.strictObject({
  id: Id.describe("The platform's id for this item; sending it again returns the first answer"),
  kind: z.enum(CONTENT_KINDS),
  author: Party,
  text: Text.optional(),
  links: z.array(Link).max(256).optional(),
  media: z
    .array(
      z.strictObject({
        id: Id,
        mimeType: textString({ max: 128 }).optional().describe('What the platform believes the type is; vigie detects the real type from the bytes'),
        data: z.base64().optional().describe('The bytes, base64; omitted in multipart requests, where the part named after the media id carries them'),
        originalFileName: FileName.optional().describe(
          "The uploader's name for the file (NCMEC's originalFileName); in multipart requests the part's filename when this is absent. Stored as text, never used as a path or to tell the type",
        ),
      }),
    )
    .max(16)
    .optional(),
  inReplyTo: Id.optional(),
  recipient: Party.optional(),
  createdAt: CreatedAt,
});
export type ContentBody = z.infer<typeof ContentBody>;

const SignalOut = z.object({ signal: z.string(), source: z.string(), strength: z.number(), clause: z.string().nullable() });
export const ContentStateOut = z.object({
  id: z.string(),
  authorId: z.string(),
  kind: z.string(),
  status: z.enum(['active', 'removed', 'deleted']),
  createdAt: z.string(),
  ingestedAt: z.string(),
  mediaCount: z.number(),
  signals: z.array(SignalOut),
  actions: z.array(z.string()),
  updatedAt: z.string(),
});
const ReviewOut = z
  .object({
    caseId: z.string().describe('The case this item opened or joined'),
    opened: z.boolean().describe('true: this item opened the case; false: it joined a case already open for the same subject'),
  })
  .nullable()
  .describe('What went to a person: null when nothing did (signals may still be recorded)');
const IngestAnswer = z.object({ id: z.string(), replayed: z.boolean(), state: ContentStateOut, review: ReviewOut });

// POST /v1/content is the hottest route there is: its answer is written with plain
// JSON.stringify rather than re-validated by Zod on every post. That is safe because the
// answer holds a ContentState, whose fields are exactly ContentStateOut's, and an
// IngestReview, exactly ReviewOut; this line stops compiling the day they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const answerMatchesSchema: Same<{ id: string; replayed: boolean; state: ContentState; review: IngestReview }, z.infer<typeof IngestAnswer>> = true;
void answerMatchesSchema;
const stringify = () => (data: unknown) => JSON.stringify(data);

declare module 'fastify' {
  interface FastifyRequest {
    /** Spooled media parts not yet handed to the ingest service (which then owns them). */
    mediaParts?: Map<string, SpooledMedia> | undefined;
  }
}

export function registerContentRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const ingest = {
    ...ctx,
    mediaLimit: ctx.config.ingest.mediaLimit,
    videoLimit: ctx.config.ingest.video.maxBytes,
    videos: ctx.videoHasher,
    batcher: ctx.ingest,
    text: () => ctx.text,
  };

  app.post(
    '/v1/content',
    {
      schema: {
        summary: 'Ingest one piece of content (JSON, or multipart with a "content" JSON part and one file part per media id)',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        body: ContentBody,
        response: { 200: IngestAnswer, 201: IngestAnswer },
      },
      serializerCompiler: stringify,
      onRequest: requireScope('content:write'),
      // Callback-style hooks that return at once for a JSON post: this is the hottest route,
      // and an async hook costs every request its promise and its microtasks.
      preValidation: (request, reply, done) => {
        if (!request.isMultipart()) return done();
        readMultipart(request, reply, ctx).then(() => done(), done);
      },
      // Parts spooled for a request that never reached the service (refused by the schema
      // or the key check, a client gone) are deleted before the answer leaves.
      onSend: (request, _reply, payload, done) => {
        if (!request.mediaParts?.size) return done(null, payload);
        void (releaseParts(request, ctx) ?? Promise.resolve()).then(() => done(null, payload), done);
      },
      onRequestAbort: async (request) => releaseParts(request, ctx),
      onResponse: (request, _reply, done) => {
        if (!request.mediaParts?.size) return done();
        void (releaseParts(request, ctx) ?? Promise.resolve()).then(() => done(), done);
      },
    },
    async (request, reply) => {
      refuseUnlikelyTime('body/createdAt', request.body.createdAt, ctx.now());
      const parts = request.mediaParts;
      request.mediaParts = undefined;
      let answer;
      try {
        answer = await ingestContent(ingest, callerPlatform(request), request.body, parts, platformActor(request), request.log);
      } catch (err) {
        // The hash queue is full (or the pool closing): the item was not stored; try again soon.
        if (err instanceof ServiceError && err.kind === 'unavailable') void reply.header('retry-after', String(HASH_RETRY_AFTER_SECONDS));
        throw err;
      }
      const { outcome } = answer;
      const id = request.body.id;
      ctx.metrics.contentIngested.inc({ outcome: outcome.kind });
      switch (outcome.kind) {
        // The answer is returned, not sent: returning the reply (a thenable) from an async
        // handler makes the promise adopt it, which costs a stream listener per request.
        case 'created':
          void reply.code(201);
          return { id, replayed: false, state: outcome.state, review: outcome.review };
        case 'replayed':
          return { id, replayed: true, state: outcome.state, review: outcome.review };
        case 'conflict':
          throw new Problem(409, 'Conflict', outcome.message);
        case 'unavailable':
          void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          throw new Problem(503, 'Service Unavailable', `${outcome.message}; send the same item again`);
        case 'failed':
          request.log.error({ contentId: answer.item.id, reason: outcome.message }, 'ingest failed');
          throw new Problem(500, 'Internal Server Error', 'the content could not be stored; retry with the same id');
      }
    },
  );

  app.get(
    '/v1/content/:id',
    {
      schema: {
        summary: 'The current state of a piece of content, folded from the moderation log',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        params: z.strictObject({ id: Id }),
        response: { 200: z.object({ state: ContentStateOut, events: z.number() }) },
      },
      onRequest: requireScope('content:read'),
    },
    async (request) => {
      const view = await contentView(ctx.store, callerPlatform(request), request.params.id);
      if (!view) throw new Problem(404, 'Not Found', 'no content with this id');
      return view;
    },
  );
}

function releaseParts(request: FastifyRequest, ctx: AppContext): Promise<void> | undefined {
  const parts = request.mediaParts;
  request.mediaParts = undefined;
  return parts
    ? discardMediaParts(ctx.media, parts.values()).catch((err: unknown) => request.log.warn({ err }, 'a spooled upload could not be deleted'))
    : undefined;
}

/**
 * Reads a multipart request: the "content" part (JSON) and one file part per media id,
 * each streamed to a temporary file as it arrives (hashed on the way), never held whole in
 * memory. The body limit applies as to any body, counted as the bytes arrive: once it is
 * passed the part being written is stopped and the answer is 413, with the connection
 * closed rather than the rest of the body read. Part counts are capped by the multipart
 * limits (src/http/app.ts), each file by the media limit.
 */
async function readMultipart(request: FastifyRequest, reply: FastifyReply, ctx: AppContext): Promise<void> {
  const bodyLimit = ctx.config.http.bodyLimit;
  // Whether a part is an image or a video is known once its bytes are read: the part is held
  // to the larger cap here, and the ingest service holds each item to its own kind's.
  const mediaLimit = mediaPartLimit(ctx.config.ingest);
  const files = new Map<string, SpooledMedia>();
  const fileNames = new Map<string, string>();
  request.mediaParts = files;
  let content: unknown;
  let sawContent = false;
  let received = 0;
  let over = false;
  let current: { destroy(err: Error): void } | undefined;
  const tooLarge = () => new Problem(413, 'Payload Too Large', `the request body is larger than ${bodyLimit} bytes`);
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > bodyLimit && !over) {
      over = true;
      current?.destroy(tooLarge());
    }
  };
  request.raw.on('data', count);
  try {
    for await (const part of request.parts()) {
      if (over) throw tooLarge();
      if (part.type === 'file') {
        if (files.has(part.fieldname)) throw new Problem(400, 'Bad Request', `two file parts named "${part.fieldname}"`);
        current = part.file;
        const spooled = await receiveMediaPart(ctx.media, part.fieldname, part.file, mediaLimit);
        current = undefined;
        files.set(part.fieldname, spooled);
        // busboy keeps only the last path component of a part's filename (preservePath off).
        if (part.filename) fileNames.set(part.fieldname, part.filename);
        if (part.file.truncated) throw new Problem(413, 'Payload Too Large', `file part "${part.fieldname}" is larger than ${mediaLimit} bytes`);
      } else if (part.fieldname === 'content') {
        if (sawContent) throw new Problem(400, 'Bad Request', 'two "content" parts');
        sawContent = true;
        try {
          // @fastify/multipart already parses a part sent with content-type application/json.
          content = typeof part.value === 'string' ? JSON.parse(part.value) : part.value;
        } catch {
          throw new Problem(400, 'Bad Request', 'the "content" part is not valid JSON');
        }
      } else {
        throw new Problem(400, 'Bad Request', `unexpected field "${part.fieldname}"; send "content" (JSON) and file parts`);
      }
    }
    if (over) throw tooLarge();
  } catch (err) {
    // What is left of the body is not read: the connection closes after the answer, with
    // a lingering close so that the client still reads it (linger.ts).
    void reply.header('connection', 'close');
    lingerOnClose(request.raw.socket);
    await releaseParts(request, ctx);
    throw over ? tooLarge() : err;
  } finally {
    request.raw.off('data', count);
  }
  if (content === undefined) {
    await releaseParts(request, ctx);
    throw new Problem(400, 'Bad Request', 'a multipart request needs a "content" part holding the JSON item');
  }
  request.body = withPartFileNames(content, fileNames);
}

/**
 * Each media item without an originalFileName of its own takes its part's filename, before
 * the body schema runs: one check (FileName) holds for both ways of giving it.
 */
function withPartFileNames(content: unknown, fileNames: Map<string, string>): unknown {
  if (fileNames.size === 0 || typeof content !== 'object' || content === null) return content;
  const media = (content as { media?: unknown }).media;
  if (!Array.isArray(media)) return content;
  for (const m of media as unknown[]) {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
    const item = m as Record<string, unknown>;
    const name = typeof item.id === 'string' ? fileNames.get(item.id) : undefined;
    if (name !== undefined && item.originalFileName === undefined) item.originalFileName = name;
  }
  return content;
}
