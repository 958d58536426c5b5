// Banks for admins: every bank with its provenance and size, and imports of a hash list
// started from the console, run in the background by a worker, with their progress.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { staffAccess, staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { bankOverview } from '../../services/banks/bank-overview.js';
import { bankImport, bankImports, requestBankImport } from '../../services/banks/bank-imports.js';
import { requireEveryPlatform } from '../../services/platforms/platform-access.js';
import { BANK_FORMATS, HASH_TYPES, type HashType } from '../../match/index.js';
import { idString, textString } from '../schemas/strings.js';

/** A list of a few million lines; longer lists go through `vigie bank import`. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const ImportOut = z.object({
  id: z.string(),
  bank: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  format: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  added: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ line: z.number().nullable(), message: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const BankOut = z.object({
  name: z.string(),
  kind: z.enum(['hash', 'url']),
  hashTypes: z.array(z.string()),
  entries: z.number(),
  provenance: z.string().nullable(),
  verified: z.boolean(),
  listVersion: z.string().nullable(),
  listDate: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export function registerAdminBankRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const manage = { config: { access: 'banks:manage' as const }, onRequest: guard.requirePermission('banks:manage') };

  app.get(
    '/v1/admin/banks',
    {
      schema: {
        summary: 'Every bank: kind, hash types, entries, provenance, verified',
        tags: ['admin'],
        security,
        response: { 200: z.object({ banks: z.array(BankOut) }) },
      },
      ...manage,
    },
    async () => ({ banks: await bankOverview(ctx.store, ctx.textRules.currentBanks()) }),
  );

  app.post(
    '/v1/admin/banks/:name/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Import a hash list into the bank (created the first time), in the background; answers the import to follow',
        tags: ['admin'],
        security,
        params: z.strictObject({ name: idString({ min: 1, max: 100 }) }),
        body: z.strictObject({
          format: z.enum(BANK_FORMATS).default('lines'),
          text: textString({ min: 1, max: IMPORT_BODY_LIMIT }),
          hashType: z.enum(HASH_TYPES as [HashType, ...HashType[]]).optional(),
          source: textString({ min: 1, max: 100, trim: true }).default('internal'),
          listVersion: textString({ min: 1, max: 100, trim: true }).optional(),
          listDate: textString({ min: 1, max: 40, trim: true }).optional(),
          verified: z.boolean().default(false),
        }),
        response: { 202: z.object({ import: ImportOut }) },
      },
      ...manage,
    },
    async (request, reply) => {
      // Banks are every platform's: matching runs before an item is anyone's.
      requireEveryPlatform(staffAccess(request), 'importing into a bank');
      const started = await requestBankImport(ctx, staffActor(request), request.params.name, request.body, isoNow(ctx));
      return reply.code(202).send({ import: started });
    },
  );

  app.get(
    '/v1/admin/banks/imports',
    {
      schema: {
        summary: 'The latest bank imports, newest first',
        tags: ['admin'],
        security,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
        response: { 200: z.object({ imports: z.array(ImportOut) }) },
      },
      ...manage,
    },
    async (request) => ({ imports: await bankImports(ctx.store, request.query.limit) }),
  );

  app.get(
    '/v1/admin/banks/imports/:id',
    {
      schema: {
        summary: 'How far a bank import got: status, done of total, bad lines',
        tags: ['admin'],
        security,
        params: z.strictObject({ id: idString({ min: 1, max: 100 }) }),
        response: { 200: z.object({ import: ImportOut }) },
      },
      ...manage,
    },
    async (request) => ({ import: await bankImport(ctx.store, request.params.id) }),
  );
}
