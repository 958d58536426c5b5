// POST /v1/content (ingest one item, JSON or multipart) and GET /v1/content/{id}.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { Problem } from '../problem.js';
import { platformActor } from '../auth/platform.js';
import type { ApiScope } from '../../store/api-keys.js';
import { CONTENT_KINDS, requestDigest, type IngestItem, type IngestMedia, type IngestSignal } from '../../moderation/ingest.js';
import type { JsonValue } from '../../moderation/events.js';
import { detectMediaType } from '../media-type.js';
import { eventsOf } from '../../store/log-store.js';
import { mediaSignals } from '../ingest-detection.js';
import { conversationStep, postSignals } from '../../moderation/text-signals.js';
import type { TextMessage } from '../../detect/text/index.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { ContentState } from '../../moderation/folds/content.js';

const Id = z.string().min(1).max(256);
const Party = z.strictObject({ id: Id, handle: z.string().max(256).optional() });

export const ContentBody = z.strictObject({
  id: Id.describe("The platform's id for this item; sending it again returns the first answer"),
  kind: z.enum(CONTENT_KINDS),
  author: Party,
  text: z.string().max(100_000).optional(),
  links: z.array(z.string().min(1).max(4096)).max(256).optional(),
  media: z
    .array(
      z.strictObject({
        id: Id,
        mimeType: z.string().max(128).optional().describe('What the platform believes the type is; vigie detects the real type from the bytes'),
        data: z.base64().optional().describe('The bytes, base64; omitted in multipart requests, where the part named after the media id carries them'),
      }),
    )
    .max(16)
    .optional(),
  inReplyTo: Id.optional(),
  recipient: Party.optional(),
  createdAt: z.iso.datetime({ offset: true }),
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

export function registerContentRoutes(app: App, ctx: AppContext, requireScope: (s: ApiScope) => (r: FastifyRequest) => Promise<void>): void {
  const perKey = {
    max: ctx.config.rateLimitPerKey,
    timeWindow: '1 minute',
    // Keyed on the credential (its first characters are enough to tell keys apart).
    keyGenerator: (r: FastifyRequest) => (r.headers.authorization ?? r.ip).slice(0, 40),
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
      config: { rateLimit: perKey },
      serializerCompiler: stringify,
      preHandler: requireScope('content:write'),
      preValidation: async (request) => {
        if (request.isMultipart()) await readMultipart(request);
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { media, signals } = await storeMedia(ctx, body, request.mediaParts, request.log);
      const at = isoNow(ctx);
      const createdAt = new Date(body.createdAt).toISOString();
      const onTextError = (err: Error) => request.log.warn({ contentId: body.id, reason: err.message }, 'text could not be evaluated');
      let conversation;
      if (body.kind === 'direct_message' && body.recipient && body.text) {
        const message = await directMessage(ctx, body, createdAt);
        conversation = conversationStep(message);
      } else {
        signals.push(...postSignals(ctx.text, { id: body.id, text: body.text ?? '', from: body.author.id, at: createdAt }, body.links ?? [], onTextError));
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
      const outcome = await ctx.ingest.submit({ item, actor: platformActor(request), at, ...(conversation ? { conversation } : {}) });
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
      config: { rateLimit: perKey },
      preHandler: requireScope('content:read'),
    },
    async (request) => {
      const row = await ctx.store.db.selectFrom('content').select(['state_json']).where('id', '=', request.params.id).executeTakeFirst();
      if (!row) throw new Problem(404, 'Not Found', `no content with id ${request.params.id}`);
      const events = await eventsOf(ctx.store.db, { kind: 'content', id: request.params.id });
      return { state: JSON.parse(row.state_json), events: events.length };
    },
  );
}

/**
 * The request as it is compared on a replay: every field in a fixed order (so a sender
 * may reorder keys), absent fields as null, media by digest rather than by their base64
 * (so JSON and multipart forms of one item agree).
 */
function digestable(body: ContentBody, media: IngestMedia[], createdAt: string): JsonValue[] {
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

async function storeMedia(ctx: AppContext, body: ContentBody, parts: Map<string, Buffer> | undefined, log: FastifyRequest['log']): Promise<{ media: IngestMedia[]; signals: IngestSignal[] }> {
  const out: IngestMedia[] = [];
  const signals: IngestSignal[] = [];
  const seen = new Set<string>();
  for (const m of body.media ?? []) {
    if (seen.has(m.id)) throw new Problem(400, 'Bad Request', `media id ${m.id} appears twice`);
    seen.add(m.id);
    const bytes = m.data !== undefined ? Buffer.from(m.data, 'base64') : parts?.get(m.id);
    if (!bytes) throw new Problem(400, 'Bad Request', `media ${m.id} has no bytes: give "data" (base64) or a multipart part named "${m.id}"`);
    if (bytes.byteLength === 0) throw new Problem(400, 'Bad Request', `media ${m.id} is empty`);
    if (bytes.byteLength > ctx.config.mediaLimit) throw new Problem(413, 'Payload Too Large', `media ${m.id} is larger than ${ctx.config.mediaLimit} bytes`);
    const saved = await ctx.media.save(bytes);
    const item: IngestMedia = { id: m.id, declaredType: m.mimeType ?? null, detectedType: detectMediaType(bytes), size: saved.size, sha256: saved.sha256, md5: saved.md5 };
    out.push(item);
    signals.push(...(await mediaSignals(ctx.knownMaterial, item, bytes, log)));
  }
  if (parts) {
    for (const name of parts.keys()) {
      if (!seen.has(name)) throw new Problem(400, 'Bad Request', `file part "${name}" does not match any media id in the content part`);
    }
  }
  return { media: out, signals };
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

/** A direct message with what the platform told us of its two accounts (age signal, account age). */
async function directMessage(ctx: AppContext, body: ContentBody, createdAt: string): Promise<TextMessage> {
  const ids = [body.author.id, body.recipient!.id];
  const rows = await ctx.store.db.selectFrom('accounts').select(['id', 'state_json']).where('id', 'in', ids).execute();
  const states = new Map(rows.map((r) => [r.id, JSON.parse(r.state_json) as AccountState]));
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
