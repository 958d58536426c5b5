// Builds the HTTP API: Fastify with Zod schemas (validation, and the OpenAPI document at
// /openapi.json), problem+json errors, rate limits, metrics, and one file per resource
// under routes/.
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyError,
  type FastifyReply,
  type FastifyBaseLogger,
  type RawServerDefault,
  type RawRequestDefaultExpression,
  type RawReplyDefaultExpression,
} from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
  hasZodFastifySchemaValidationErrors,
} from 'fastify-type-provider-zod';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { AppContext } from './context.js';
import { mediaPartLimit } from '../config/config.js';
import { PROBLEM_TYPE, Problem, SECURITY_HEADERS, problemBody, rawProblemResponse } from './problem.js';
import { DATABASE_RETRY_AFTER_SECONDS, ServiceError, isDatabaseUnavailable, type ServiceErrorKind } from '../services/errors.js';
import { platformAuth } from './auth/platform.js';
import { installRateLimits } from './rate-limits.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPolicyRoutes } from './routes/policy.js';
import { registerContentRoutes } from './routes/content.js';
import { registerContentConfirmationRoutes } from './routes/content-confirmations.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerSignupRoutes } from './routes/signups.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerAtprotoReportRoutes } from './routes/atproto-report.js';
import { registerStaffRoutes } from './routes/staff.js';
import { registerPublicReportRoutes } from './routes/public-report.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerAppealPageRoutes, registerAppealRoutes } from './routes/appeals.js';
import { registerStatementRoutes } from './routes/statements.js';
import { registerStatsRoutes, registerTransparencyPageRoutes } from './routes/stats.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export async function buildApp(ctx: AppContext, logger: Logger | false): Promise<App> {
  const app: App = Fastify({
    loggerInstance: (logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: ctx.config.http.bodyLimit,
    // Request ids in logs let an operator follow one post through; never log bodies.
    logController: new LogController({ disableRequestLogging: true }),
    // Only the listed proxies' X-Forwarded-For hops are believed; the client address is the
    // right-most hop that is not one of them (proxy-addr), so a forged left-most entry is ignored.
    trustProxy: ctx.config.http.trustProxy.length > 0 ? [...ctx.config.http.trustProxy] : false,
    // An id (256 characters) fits in a path segment even with every character
    // percent-encoded (up to 9 characters each); a longer segment answers 414.
    routerOptions: { maxParamLength: 256 * 9 },
    // Errors raised before a route is found, and by Node's HTTP parser before there is a
    // request at all, are problem+json like every other (never Fastify's own shape).
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : 500;
      const detail = FRAMEWORK_ERROR_DETAIL[error.code] ?? undefined;
      if (status === 500) request.log.error({ err: error }, 'request failed before routing');
      void (reply as FastifyReply)
        .code(status)
        .headers(SECURITY_HEADERS)
        .type(PROBLEM_TYPE)
        .send(problemBody(status, statusTitle(status), detail));
    },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'vigie', version: '0.1.0', description: 'Child-safety enforcement engine API' },
      components: {
        securitySchemes: {
          platformKey: { type: 'http', scheme: 'bearer', description: 'Platform API key (vigie apikey create)' },
          staffSession: { type: 'apiKey', in: 'cookie', name: 'vigie_session' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'VIGIE_METRICS_TOKEN, when the operator set one' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  // POST /v1/content's multipart form: one "content" field and at most 16 file parts (its
  // readMultipart also holds the whole body to bodyLimit and streams files to disk).
  await app.register(fastifyMultipart, {
    limits: { fileSize: mediaPartLimit(ctx.config.ingest), files: 16, fields: 1, fieldSize: 1024 * 1024, parts: 17, headerPairs: 8 },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    // Distinct addresses and keys remembered per limit (least recently seen forgotten first).
    cache: 50_000,
    errorResponseBuilder: (_req, c) => new Problem(429, 'Too Many Requests', `limit of ${c.max} requests per ${c.after} reached`),
  });
  // Set when the request arrives, before any other hook can refuse it, so that every answer
  // carries them (a reply keeps its headers through errors); cheaper than an onSend hook,
  // which runs with the payload on the hottest route.
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    done();
  });
  const platformLimits = installRateLimits(app, { perIp: ctx.config.http.rateLimitPerIp, perKey: ctx.config.http.rateLimitPerKey });

  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    let status = 500;
    let title = 'Internal Server Error';
    let detail: string | undefined;
    let extra: Record<string, unknown> = {};
    if (error instanceof Problem) {
      status = error.status;
      title = error.title;
      detail = error.detail;
      extra = error.extra;
    } else if (error instanceof ServiceError) {
      status = SERVICE_ERROR_STATUS[error.kind];
      title = statusTitle(status);
      detail = error.message;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      title = 'Bad Request';
      detail = 'the request does not match the schema';
      extra = {
        errors: error.validation.map((v) => ({
          path: `${error.validationContext ?? 'body'}${v.instancePath && v.instancePath !== '/' ? v.instancePath : ''}`,
          message: v.message,
        })),
      };
    } else if (isDatabaseUnavailable(error)) {
      status = 503;
      title = statusTitle(status);
      detail = 'the database is unavailable for a moment; send the same request again';
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      request.log.warn({ err: error }, 'database unavailable');
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      title = statusTitle(status);
      // Some framework messages quote the request (a JSON parser's snippet of the body, the
      // content type sent); those are replaced by a fixed sentence.
      detail = error instanceof SyntaxError ? 'the body is not valid JSON' : (FRAMEWORK_ERROR_DETAIL[error.code] ?? error.message);
    } else {
      request.log.error({ err: error }, 'request failed');
    }
    void reply
      .code(status)
      .type(PROBLEM_TYPE)
      .send(problemBody(status, title, detail, extra));
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply
      .code(404)
      .type(PROBLEM_TYPE)
      .send(problemBody(404, 'Not Found', 'no route answers this method and path'));
  });

  const requireScope = platformAuth(ctx, platformLimits);
  registerHealthRoutes(app, ctx);
  registerPolicyRoutes(app, ctx);
  registerContentRoutes(app, ctx, requireScope);
  registerContentConfirmationRoutes(app, ctx, requireScope);
  registerAccountRoutes(app, ctx, requireScope);
  registerSignupRoutes(app, ctx, requireScope);
  registerReportRoutes(app, ctx, requireScope);
  registerAtprotoReportRoutes(app, ctx, requireScope);
  registerAppealRoutes(app, ctx, requireScope);
  registerStatementRoutes(app, ctx, requireScope);
  registerStatsRoutes(app, ctx, requireScope);
  await registerStaffRoutes(app, ctx);
  await registerPublicReportRoutes(app, ctx);
  await registerConsoleRoutes(app);
  await registerAppealPageRoutes(app, ctx);
  await registerTransparencyPageRoutes(app, ctx);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Requests are done by the time onClose runs; what they submitted is written before the
  // app reports closed.
  app.addHook('onClose', async () => ctx.ingest.close());
  return app;
}

/** Fixed sentences for framework errors whose own message would quote the request. */
const FRAMEWORK_ERROR_DETAIL: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not valid (a malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment is longer than any id',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'this content type is not accepted here',
};

/**
 * Node's HTTP parser refused the bytes before Fastify saw a request (a header section over
 * the limit, a malformed request line, a timeout): answer problem+json and close.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers are larger than the server accepts']
      : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
        ? [413, 'the chunk extensions are larger than the server accepts']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'the request took too long to arrive']
          : [400, 'the request is not valid HTTP'];
  // A response already under way on this connection cannot be followed by another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.end(rawProblemResponse(status, detail));
  socket.destroySoon();
}

const SERVICE_ERROR_STATUS: Record<ServiceErrorKind, number> = {
  invalid: 400,
  'too-large': 413,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  unprocessable: 422,
  unavailable: 503,
};

function statusTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    408: 'Request Timeout',
    409: 'Conflict',
    413: 'Payload Too Large',
    414: 'URI Too Long',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    431: 'Request Header Fields Too Large',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Client Error';
}
