// Builds the HTTP API: Fastify with Zod schemas (validation, and the OpenAPI document at
// /openapi.json), problem+json errors, rate limits, metrics, and one file per resource
// under routes/.
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyError,
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
import type { Logger } from 'pino';
import type { AppContext } from './context.js';
import { Problem, problemBody } from './problem.js';
import { ServiceError, type ServiceErrorKind } from '../services/errors.js';
import { platformAuth } from './auth/platform.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerPolicyRoutes } from './routes/policy.js';
import { registerContentRoutes } from './routes/content.js';
import { registerContentConfirmationRoutes } from './routes/content-confirmations.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerSignupRoutes } from './routes/signups.js';
import { registerStaffRoutes } from './routes/staff.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export async function buildApp(ctx: AppContext, logger: Logger | false): Promise<App> {
  const app: App = Fastify({
    loggerInstance: (logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: ctx.config.http.bodyLimit,
    // Request ids in logs let an operator follow one post through; never log bodies.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: ctx.config.http.trustProxy,
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
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  // POST /v1/content's multipart form: one "content" field and at most 16 file parts (its
  // readMultipart also holds the whole body to bodyLimit and streams files to disk).
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.ingest.mediaLimit, files: 16, fields: 1, fieldSize: 1024 * 1024, parts: 17, headerPairs: 8 },
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) => new Problem(429, 'Too Many Requests', `limit of ${c.max} requests per ${c.after} reached`),
  });

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
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      title = statusTitle(status);
      detail = error.message;
    } else {
      request.log.error({ err: error }, 'request failed');
    }
    void reply
      .code(status)
      .type('application/problem+json')
      .send(problemBody(status, title, detail, request.url, extra));
  });

  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/problem+json')
      .send(problemBody(404, 'Not Found', `no route ${request.method} ${request.url.split('?')[0]}`, request.url));
  });

  const requireScope = platformAuth(ctx);
  registerHealthRoutes(app, ctx);
  registerPolicyRoutes(app, ctx);
  registerContentRoutes(app, ctx, requireScope);
  registerContentConfirmationRoutes(app, ctx, requireScope);
  registerAccountRoutes(app, ctx, requireScope);
  registerSignupRoutes(app, ctx, requireScope);
  await registerStaffRoutes(app, ctx);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Requests are done by the time onClose runs; what they submitted is written before the
  // app reports closed.
  app.addHook('onClose', async () => ctx.ingest.close());
  return app;
}

const SERVICE_ERROR_STATUS: Record<ServiceErrorKind, number> = {
  invalid: 400,
  'too-large': 413,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
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
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Client Error';
}
