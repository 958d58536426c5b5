// POST /v1/content (ingest one item, JSON or multipart) and GET /v1/content/{id}.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { platformActor, type RequireScope } from '../auth/platform.js';
import { CONTENT_KINDS } from '../../moderation/ingest.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { ingestContent } from '../../services/ingest/ingest-content.js';
import { contentView } from '../../services/subjects/subject-views.js';
import { Id, Link, Text, textString } from '../schemas/strings.js';
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
const IngestAnswer = z.object({ id: z.string(), replayed: z.boolean(), state: ContentStateOut });

// POST /v1/content is the hottest route there is: its answer is written with plain
// JSON.stringify rather than re-validated by Zod on every post. That is safe because the
// answer holds a ContentState, whose fields are exactly ContentStateOut's; this line stops
// compiling the day they differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const answerMatchesSchema: Same<{ id: string; replayed: boolean; state: ContentState }, z.infer<typeof IngestAnswer>> = true;
void answerMatchesSchema;
const stringify = () => (data: unknown) => JSON.stringify(data);

declare module 'fastify' {
  interface FastifyRequest {
    mediaParts?: Map<string, Buffer>;
  }
}

export function registerContentRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const ingest = { ...ctx, mediaLimit: ctx.config.ingest.mediaLimit, batcher: ctx.ingest, text: () => ctx.text };

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
      preValidation: async (request) => {
        if (request.isMultipart()) await readMultipart(request);
      },
    },
    async (request, reply) => {
      refuseUnlikelyTime('body/createdAt', request.body.createdAt, ctx.now());
      const { item, outcome } = await ingestContent(ingest, request.body, request.mediaParts, platformActor(request), request.log);
      ctx.metrics.contentIngested.inc({ outcome: outcome.kind });
      switch (outcome.kind) {
        case 'created':
          return reply.code(201).send({ id: item.id, replayed: false, state: outcome.state });
        case 'replayed':
          return reply.code(200).send({ id: item.id, replayed: true, state: outcome.state });
        case 'conflict':
          throw new Problem(409, 'Conflict', outcome.message);
        case 'failed':
          request.log.error({ contentId: item.id, reason: outcome.message }, 'ingest failed');
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
      const view = await contentView(ctx.store, request.params.id);
      if (!view) throw new Problem(404, 'Not Found', 'no content with this id');
      return view;
    },
  );
}

async function readMultipart(request: FastifyRequest): Promise<void> {
  let content: unknown;
  const files = new Map<string, Buffer>();
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (files.has(part.fieldname)) throw new Problem(400, 'Bad Request', `two file parts named "${part.fieldname}"`);
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new Problem(413, 'Payload Too Large', `file part "${part.fieldname}" is too large`);
      files.set(part.fieldname, bytes);
    } else if (part.fieldname === 'content') {
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
  if (content === undefined) throw new Problem(400, 'Bad Request', 'a multipart request needs a "content" part holding the JSON item');
  request.body = content;
  request.mediaParts = files;
}
