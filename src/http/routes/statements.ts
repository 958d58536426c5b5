// Statements of reasons for the platform (docs/statements.md): one by its action id, and a
// period's as JSON lines, streamed with no row cap. Scope statements:read; a platform reads
// only its own restrictions' statements.
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { RequireScope } from '../auth/platform.js';
import { callerPlatform } from '../auth/platform.js';
import { statementLines } from '../../services/statements/export-statements.js';
import { statementForPlatform } from '../../services/statements/read-statements.js';
import { statementSettings } from '../../services/statements/statement-view.js';

const Instant = z.iso.datetime({ offset: false }).or(z.iso.date());

export function registerStatementRoutes(app: App, ctx: AppContext, requireScope: RequireScope): void {
  const security = [{ platformKey: [] }];
  const settings = statementSettings(ctx.config);

  app.get(
    '/v1/statements/export.jsonl',
    {
      schema: {
        summary: 'Statements of reasons applied in [from, to), one JSON object per line in the Transparency Database’s fields',
        tags: ['statements'],
        security,
        querystring: z.strictObject({ from: Instant, to: Instant }),
      },
      onRequest: requireScope('statements:read'),
    },
    async (request, reply) => {
      const from = new Date(request.query.from).toISOString();
      const to = new Date(request.query.to).toISOString();
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(Readable.from(statementLines(ctx.store, callerPlatform(request), from, to, settings)));
    },
  );

  app.get(
    '/v1/statements/:actionId',
    {
      schema: {
        summary: 'The statement of reasons of one restriction, and whether the person may be shown it',
        tags: ['statements'],
        security,
        params: z.strictObject({ actionId: z.string().regex(/^act_[0-9a-f]{64}$/) }),
      },
      onRequest: requireScope('statements:read'),
    },
    async (request) => statementForPlatform(ctx.store, callerPlatform(request), request.params.actionId, settings),
  );
}
