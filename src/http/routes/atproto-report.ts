// POST /xrpc/com.atproto.moderation.createReport: reports from AT Protocol clients (a
// Bluesky-style app or its PDS), in the lexicon's input and output, into the same intake as
// every other report. The caller is a platform with an API key (scope reports:write); the
// reporter's DID comes in the vigie-reporter-did header, since vigie does not resolve DIDs
// to check the network's service-auth tokens itself. An account is its DID, a record its
// at:// URI: the ids a platform sending AT Protocol content to vigie uses. Errors are XRPC
// errors ({ error, message }), which AT Protocol clients read.
import { z } from 'zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { callerPlatform, platformActor, type RequireScope } from '../auth/platform.js';
import { Problem } from '../problem.js';
import { ServiceError } from '../../services/errors.js';
import { fileReport } from '../../services/reports/file-report.js';
import type { ReportReasonId } from '../../policy/report-reasons.js';
import { textString } from '../schemas/strings.js';

const OZONE = 'tools.ozone.report.defs#';
const ATPROTO = 'com.atproto.moderation.defs#';

/** The child-safety reason types of the current lexicons, and what each means here; any other reason type is not vigie's to take. */
const REASONS: Record<string, ReportReasonId> = {
  [`${OZONE}reasonChildSafetyCSAM`]: 'sexual-image-of-child',
  [`${OZONE}reasonChildSafetyGroom`]: 'adult-contacting-child',
  [`${OZONE}reasonChildSafetyPrivacy`]: 'identifies-victim',
  [`${OZONE}reasonChildSafetyMinorPrivacy`]: 'identifies-victim',
  [`${OZONE}reasonChildSafetyEndangerment`]: 'other',
  [`${OZONE}reasonChildSafetyHarassment`]: 'other',
  [`${OZONE}reasonChildSafetyOther`]: 'other',
  [`${ATPROTO}reasonChildSafety`]: 'other',
};

const Did = z.string().regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2000}$/, 'not a DID');
const AtUri = z.string().regex(/^at:\/\/did:[a-z]+:[a-zA-Z0-9._:%-]+\/[a-zA-Z0-9.-]+\/[a-zA-Z0-9._~:-]{1,512}$/, 'not an at:// record URI');

const RepoRef = z.object({ $type: z.literal('com.atproto.admin.defs#repoRef'), did: Did });
const StrongRef = z.object({ $type: z.literal('com.atproto.repo.strongRef'), uri: AtUri, cid: z.string().min(1).max(200) });

const Input = z.object({
  reasonType: z.string().min(1).max(200),
  reason: textString({ max: 20_000 }).optional(),
  subject: z.discriminatedUnion('$type', [RepoRef, StrongRef]),
  modTool: z.unknown().optional(),
});

const XRPC_ERROR: Record<number, string> = {
  400: 'InvalidRequest',
  401: 'AuthenticationRequired',
  403: 'Forbidden',
  409: 'InvalidRequest',
  413: 'PayloadTooLarge',
  429: 'RateLimitExceeded',
};

function xrpcError(error: FastifyError | Problem | ServiceError, request: FastifyRequest, reply: FastifyReply): void {
  let status = 500;
  let message = 'the report could not be taken';
  if (error instanceof Problem) [status, message] = [error.status, error.detail ?? error.title];
  else if (error instanceof ServiceError)
    [status, message] = [error.kind === 'invalid' || error.kind === 'conflict' ? 400 : error.kind === 'forbidden' ? 403 : 500, error.message];
  else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
    [status, message] = [error.statusCode, 'the request does not match the lexicon'];
  else request.log.error({ err: error }, 'createReport failed');
  void reply.code(status).send({ error: XRPC_ERROR[status] ?? 'InternalServerError', message });
}

export function registerAtprotoReportRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  app.post(
    '/xrpc/com.atproto.moderation.createReport',
    {
      schema: {
        summary: 'AT Protocol createReport: child-safety reports from Bluesky-style clients',
        tags: ['platform'],
        security: [{ platformKey: [] }],
        body: Input,
        headers: z.object({ 'vigie-reporter-did': Did.describe('The reporting account’s DID') }).passthrough(),
      },
      onRequest: requireScope('reports:write'),
      errorHandler: xrpcError,
    },
    async (request) => {
      const b = request.body;
      const reason = REASONS[b.reasonType];
      if (!reason)
        throw new Problem(400, 'Bad Request', `vigie takes child-safety reports only: ${b.reasonType} is not one of ${Object.keys(REASONS).join(', ')}`);
      const did = request.headers['vigie-reporter-did'] as string;
      const subject =
        b.subject.$type === 'com.atproto.admin.defs#repoRef'
          ? { kind: 'account' as const, id: b.subject.did }
          : { kind: 'content' as const, id: b.subject.uri };
      const filed = await fileReport(
        ctx,
        { platform: callerPlatform(request), subject, reason, text: b.reason, reporter: { kind: 'atproto', did } },
        platformActor(request),
      );
      return {
        id: filed.seq,
        reasonType: b.reasonType,
        ...(b.reason !== undefined ? { reason: b.reason } : {}),
        subject: b.subject,
        reportedBy: did,
        createdAt: filed.at,
      };
    },
  );
}
