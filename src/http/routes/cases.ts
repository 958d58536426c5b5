// The review workflow for staff (docs/review.md): queues, claims (leases), escalation,
// comments, decisions with their preview, a senior's answer to an exception, and muting a
// reporter. Each route checks the broad permission at the door; the case services check
// the rest (who holds the claim, who may answer an exception, which platforms one sees).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { StaffGuard } from '../auth/staff-guard.js';
import { staffAccess } from '../auth/staff-guard.js';
import type { Reviewer } from '../../services/cases/reviewer.js';
import { claimCase } from '../../services/cases/claim-case.js';
import { releaseClaim, renewClaim } from '../../services/cases/case-lease.js';
import { commentCase, escalateCase } from '../../services/cases/escalate-case.js';
import { confirmException, decideCase, previewDecision, type Finding } from '../../services/cases/decide-case.js';
import { caseView, queueOverview } from '../../services/cases/case-views.js';
import { caseFile } from '../../services/cases/case-file.js';
import { casesIHold, claimNextFiltered, filteredQueuePage, pendingExceptions, type CaseFilter, type RuleLanguages } from '../../services/cases/case-filters.js';
import { mediaPreview, revealMedia, revealedMedia, type CaseMediaDeps } from '../../services/media/case-media.js';
import { setReporterMuted } from '../../services/reports/mute-reporter.js';
import { Id, PlatformId, Reason, idString, textString } from '../schemas/strings.js';
import { INDUSTRY_CLASSIFICATIONS } from '../../legal/ncmec/index.js';

const CaseId = idString({ min: 1, max: 100 });
const QueueName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

const CaseOut = z.object({
  id: z.string(),
  subject: z.object({ kind: z.string(), id: z.string(), platform: z.string() }),
  status: z.string(),
  queue: z.string(),
  priority: z.number(),
  assigneeId: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  escalatedTo: z.string().nullable(),
  pendingSenior: z.boolean(),
  openedAt: z.string(),
  updatedAt: z.string(),
});

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');

const FindingBody = z.strictObject({
  clauses: z
    .array(idString({ min: 1, max: 100 }))
    .max(20)
    .describe('Violation clause ids; or non-violation ids saying why there is none'),
  malicious: z.boolean().nullable().describe('Required with a violation'),
  exception: idString({ min: 1, max: 100 }).nullable().optional().describe('One of the policy’s exceptions; takes effect once a senior confirms it'),
  contentIds: z.array(Id).max(100).optional().describe('The platform’s ids of the items concerned; the subject’s by default'),
  hosting: z
    .array(
      z.strictObject({
        url: textString({ min: 1, max: 4096 }),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .nullable(),
      }),
    )
    .max(20)
    .optional(),
  industryClassifications: z
    .record(z.string(), z.enum(INDUSTRY_CLASSIFICATIONS))
    .superRefine((o, ctx) => {
      const keys = Object.keys(o);
      if (keys.length > 100) ctx.addIssue({ code: 'custom', message: 'at most 100 files', input: o });
      // Zod's own refusal of a record key does not say why; this names the key and the rule.
      for (const k of keys)
        if (!Sha256.safeParse(k).success) ctx.addIssue({ code: 'custom', path: [k], message: 'a key is a SHA-256 digest in lower-case hex', input: k });
    })
    .optional()
    .describe(
      'NCMEC’s industry classification (A1, A2, B1, B2) of media of the case, keyed by SHA-256; only with VIGIE_NCMEC_INDUSTRY_MOU and a violation that files a CyberTipline report',
    ),
});

const DecisionOut = z.object({
  caseId: z.string(),
  outcome: z.string(),
  clauses: z.array(z.string()).readonly(),
  intent: z.string(),
  exception: z.string().nullable(),
  actions: z.array(
    z.object({
      kind: z.string(),
      accountId: z.string().nullable(),
      contentIds: z.array(z.string()),
      url: z.string().optional(),
      country: z.string().optional(),
    }),
  ),
  pendingSenior: z.boolean(),
});

// The console's queue filters, from the query string or (for a claim) the body.
const FilterFields = {
  clause: idString({ min: 1, max: 100 }).optional(),
  source: z.enum(['hash', 'link', 'text', 'classifier', 'conversation', 'report', 'registry']).optional(),
  urgent: z.enum(['true', 'false']).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
};
const FilterBody = z.strictObject({ ...FilterFields, urgent: z.boolean().optional() });

function filterOf(q: {
  clause?: string | undefined;
  source?: CaseFilter['source'];
  urgent?: 'true' | 'false' | boolean | undefined;
  language?: string | undefined;
}): CaseFilter {
  return {
    clause: q.clause,
    source: q.source,
    urgent: q.urgent === undefined ? undefined : q.urgent === true || q.urgent === 'true',
    language: q.language,
  };
}

// Every media answer: never cached, never sniffed, never saved under the sender's file name.
const MEDIA_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-disposition': 'inline',
  'cross-origin-resource-policy': 'same-origin',
};

function reviewer(request: FastifyRequest): Reviewer {
  const staff = request.staff;
  if (!staff) throw new Error('case route without staff authentication');
  return { id: staff.id, permissions: staff.permissions, platforms: staffAccess(request) };
}

export function registerCaseRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const access = (p: 'queue:read' | 'case:decide' | 'case:escalate' | 'case:assign' | 'exception:confirm' | 'media:reveal') => ({
    config: { access: p },
    onRequest: guard.requirePermission(p),
  });
  const claims = { store: ctx.store, leaseMs: ctx.config.review.leaseMs, now: ctx.now };
  const params = z.strictObject({ id: CaseId });
  const languagesOf: RuleLanguages = (rule) => ctx.text.rules.rules.find((r) => r.id === rule)?.lang ?? [];
  const v = ctx.config.ingest.video;
  const media: CaseMediaDeps = {
    store: ctx.store,
    media: ctx.media,
    now: ctx.now,
    limits: { maxPixels: ctx.config.ingest.maxPixels, ffmpeg: v.ffmpegPath, ffmpegMemoryBytes: v.ffmpegMemoryBytes, ffmpegTimeoutMs: v.ffmpegTimeoutMs },
  };

  app.get('/v1/queues', { schema: { summary: 'Open cases per queue', tags: ['review'], security }, ...access('queue:read') }, async (request) => ({
    queues: await queueOverview(ctx.store, reviewer(request), ctx.now()),
  }));

  app.get(
    '/v1/queues/:queue/cases',
    {
      schema: {
        summary: 'A queue’s open cases in the order they are claimed',
        tags: ['review'],
        security,
        params: z.strictObject({ queue: QueueName }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50), ...FilterFields }),
        response: { 200: z.object({ cases: z.array(CaseOut) }) },
      },
      ...access('queue:read'),
    },
    async (request) => ({
      cases: await filteredQueuePage(ctx.store, reviewer(request), request.params.queue, filterOf(request.query), request.query.limit, languagesOf),
    }),
  );

  app.post(
    '/v1/queues/:queue/claim',
    {
      schema: {
        summary: 'Claim the next case of a queue (highest priority, then oldest) that fits the filters (body or query); null when none is free',
        tags: ['review'],
        security,
        params: z.strictObject({ queue: QueueName }),
        querystring: z.strictObject(FilterFields),
        body: FilterBody.nullish(),
        response: { 200: z.object({ case: CaseOut.nullable() }) },
      },
      ...access('queue:read'),
    },
    async (request) => {
      const filter = filterOf({ ...request.query, ...definedOnly(request.body ?? {}) });
      const c = await claimNextFiltered(claims, reviewer(request), request.params.queue, filter, languagesOf);
      return { case: c ? caseView(c) : null };
    },
  );

  app.get(
    '/v1/cases/mine',
    {
      schema: {
        summary: 'The cases you hold, with how long each claim runs',
        tags: ['review'],
        security,
        response: { 200: z.object({ cases: z.array(CaseOut) }) },
      },
      ...access('queue:read'),
    },
    async (request) => ({ cases: await casesIHold(ctx.store, reviewer(request), ctx.now()) }),
  );

  app.get(
    '/v1/exceptions',
    {
      schema: {
        summary: 'Exceptions waiting for a second, senior reviewer, with the finding that waits',
        tags: ['review'],
        security,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ exceptions: z.array(z.object({ case: CaseOut, finding: z.unknown(), yours: z.boolean() })) }) },
      },
      ...access('exception:confirm'),
    },
    async (request) => ({ exceptions: await pendingExceptions(ctx.store, reviewer(request), request.query.limit) }),
  );

  app.get(
    '/v1/cases/:id',
    {
      schema: {
        summary: 'A case with its subject, reports (and reporters’ track records), signals and why they fired, the account behind it and its history',
        tags: ['review'],
        security,
        params,
      },
      ...access('queue:read'),
    },
    async (request) =>
      caseFile(
        {
          store: ctx.store,
          registry: () => ctx.blockRegistry.current,
          readsWords: (rule) => !(ctx.text.rules.rules.find((r) => r.id === rule)?.secondPhase ?? false),
          industryMou: ctx.config.ncmec.industryMou,
          now: ctx.now,
        },
        reviewer(request),
        request.params.id,
      ),
  );

  const mediaParams = z.strictObject({ id: CaseId, sha256: Sha256 });
  app.get(
    '/v1/cases/:id/media/:sha256',
    {
      schema: {
        summary: 'A media item of the case: a blurred preview made on the server, or (view=full, after your reveal) the item unblurred',
        tags: ['review'],
        security,
        params: mediaParams,
        querystring: z.strictObject({ view: z.enum(['preview', 'full']).default('preview') }),
      },
      ...access('queue:read'),
    },
    async (request, reply) => {
      const { id, sha256 } = request.params;
      const r = reviewer(request);
      const answer = request.query.view === 'full' ? await revealedMedia(media, r, id, sha256) : await mediaPreview(media, r, id, sha256);
      return reply.headers(MEDIA_HEADERS).type(answer.type).send(answer.bytes);
    },
  );

  app.post(
    '/v1/cases/:id/media/:sha256/reveal',
    {
      schema: {
        summary: 'Reveal one media item of the case unblurred; written to the log as media.revealed',
        tags: ['review'],
        security,
        params: mediaParams,
        response: { 200: z.object({ revealed: z.literal(true), contentId: z.string(), mediaId: z.string() }) },
      },
      ...access('media:reveal'),
    },
    async (request, reply) => {
      void reply.headers({ 'cache-control': 'no-store' });
      return revealMedia(media, reviewer(request), request.params.id, request.params.sha256);
    },
  );

  for (const [verb, summary] of [
    ['claim', 'Claim this case (refused while another reviewer’s claim holds)'],
    ['renew', 'Keep your claim on the case alive'],
  ] as const) {
    app.post(
      `/v1/cases/:id/${verb}`,
      { schema: { summary, tags: ['review'], security, params, response: { 200: z.object({ case: CaseOut }) } }, ...access('queue:read') },
      async (request) => {
        const r = reviewer(request);
        const c = verb === 'claim' ? await claimCase(claims, r, request.params.id) : await renewClaim(claims, r, request.params.id);
        return { case: caseView(c) };
      },
    );
  }

  app.post(
    '/v1/cases/:id/release',
    {
      schema: {
        summary: 'Hand the case back to its queue',
        tags: ['review'],
        security,
        params,
        body: z.strictObject({ reason: Reason.optional() }).optional(),
        response: { 200: z.object({ case: CaseOut }) },
      },
      ...access('queue:read'),
    },
    async (request) => ({ case: caseView(await releaseClaim(claims, reviewer(request), request.params.id, request.body?.reason ?? null)) }),
  );

  app.post(
    '/v1/cases/:id/escalate',
    {
      schema: {
        summary: 'Escalate to a senior reviewer or to legal; the claim ends',
        tags: ['review'],
        security,
        params,
        body: z.strictObject({ to: z.enum(['senior-reviewer', 'legal']), reason: Reason }),
        response: { 200: z.object({ case: CaseOut }) },
      },
      ...access('case:escalate'),
    },
    async (request) => ({ case: caseView(await escalateCase(ctx, reviewer(request), request.params.id, request.body.to, request.body.reason)) }),
  );

  app.post(
    '/v1/cases/:id/comments',
    {
      schema: {
        summary: 'A note for the team on the case',
        tags: ['review'],
        security,
        params,
        body: z.strictObject({ text: textString({ min: 1, max: 4000, trim: true }) }),
        response: { 200: z.object({ case: CaseOut }) },
      },
      ...access('queue:read'),
    },
    async (request) => ({ case: caseView(await commentCase(ctx, reviewer(request), request.params.id, request.body.text)) }),
  );

  const deciding = { store: ctx.store, enforcement: ctx.enforcement, jobs: ctx.jobs, industryMou: ctx.config.ncmec.industryMou, now: ctx.now };
  for (const [path, summary, run] of [
    ['decision/preview', 'What a decision would do (actions, CyberTipline draft, notices), written nowhere', previewDecision],
    ['decision', 'Decide the case you hold: enforced at once, or, for an exception, once a senior confirms', decideCase],
  ] as const) {
    app.post(
      `/v1/cases/:id/${path}`,
      { schema: { summary, tags: ['review'], security, params, body: FindingBody, response: { 200: DecisionOut } }, ...access('case:decide') },
      async (request) => run(deciding, reviewer(request), request.params.id, request.body as Finding),
    );
  }

  app.post(
    '/v1/cases/:id/confirmation',
    {
      schema: {
        summary: 'A senior’s answer to an exception another reviewer found',
        tags: ['review'],
        security,
        params,
        body: z.strictObject({ confirmed: z.boolean() }),
        response: { 200: DecisionOut },
      },
      ...access('exception:confirm'),
    },
    async (request) => confirmException(deciding, reviewer(request), request.params.id, request.body.confirmed),
  );

  app.post(
    '/v1/reporters/mute',
    {
      schema: {
        summary: 'Mute (or unmute) a reporter: their reports are kept but open no case and raise no priority',
        tags: ['review'],
        security,
        body: z.strictObject({
          platform: PlatformId.default('default'),
          accountId: Id,
          muted: z.boolean().default(true),
          reason: Reason.optional(),
        }),
        response: { 200: z.object({ changed: z.boolean() }) },
      },
      ...access('case:assign'),
    },
    async (request) => {
      const b = request.body;
      return { changed: await setReporterMuted(ctx, reviewer(request), { platform: b.platform, accountId: b.accountId }, b.muted, b.reason ?? null) };
    },
  );
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}
