// Bank imports from the console (POST /v1/admin/banks/{name}/imports): the list is kept in
// a row and imported by a worker, in the formats `vigie bank import` takes. The worker
// imports it in chunks, each its own transaction and its own bank.imported event, and
// records after each how far it got; so any process answers for its progress, an import
// that runs past its job's time carries on in a follow-up job, and a worker that dies
// mid-way leaves the job to be retried from the last chunk recorded (an entry already in
// the bank is left as it is, so a chunk imported twice adds nothing).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../../store/store.js';
import {
  bankImportById,
  insertBankImport,
  leaseBankImport,
  recentBankImports,
  releaseBankImport,
  updateBankImport,
  type BankImportRow,
} from '../../store/bank-imports.js';
import { findBank } from '../../store/bank-store.js';
import { BANK_FORMATS, HASH_TYPES, parseBankList, type BankFormat } from '../../match/index.js';
import { verifiedRefusal, type HashType } from '../../match/bank.js';
import type { Actor } from '../../moderation/events.js';
import type { HandlerRegistry, JobContext } from '../../work/handlers.js';
import type { JobQueue } from '../../work/queue.js';
import { conflict, invalid, notFound, unprocessable, ServiceError } from '../errors.js';
import { BANK_NAME, createBank } from './create-bank.js';
import { importEntries } from './import-entries.js';

export const BANK_IMPORT_JOB_KIND = 'bank.import';
/** Entries per transaction: small enough that progress moves and a retry repeats little. */
export const IMPORT_CHUNK = 5_000;
/** A job imports for this long, then hands the rest to a follow-up job (a job may take 120 s). */
const RUN_MS = 90_000;
const MAX_ERRORS = 100;
/** How long a run holds an import: past a job's longest run (120 s), so a live run is never overtaken. */
const LEASE_MS = 150_000;

export interface BankImportRequest {
  format: BankFormat;
  text: string;
  /** The bank's hash type when it is created (pdq when left out); checked against an existing bank. */
  hashType?: HashType | undefined;
  source: string;
  listVersion?: string | undefined;
  listDate?: string | undefined;
  verified: boolean;
}

export interface ImportError {
  line: number | null;
  message: string;
}

export interface BankImportView {
  id: string;
  bank: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  format: string;
  /** Entries imported so far, of `total` (null until the list is parsed). */
  done: number;
  total: number | null;
  added: number;
  unchanged: number;
  errors: ImportError[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

const Options = z.object({
  format: z.enum(BANK_FORMATS),
  hashType: z.enum(HASH_TYPES as [HashType, ...HashType[]]).optional(),
  source: z.string(),
  listVersion: z.string().optional(),
  listDate: z.string().optional(),
  verified: z.boolean(),
});

export const BankImportPayload = z.strictObject({ importId: z.string().min(1).max(100) });
export type BankImportPayload = z.infer<typeof BankImportPayload>;

export function importView(row: Omit<BankImportRow, 'list_text' | 'lease_until'>): BankImportView {
  const options = Options.parse(JSON.parse(row.options_json));
  return {
    id: row.id,
    bank: row.bank_name,
    status: row.status as BankImportView['status'],
    format: options.format,
    done: Number(row.done),
    total: row.total === null ? null : Number(row.total),
    added: Number(row.added),
    unchanged: Number(row.unchanged),
    errors: JSON.parse(row.errors_json) as ImportError[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** Checks what can be checked now, keeps the list and queues its import, in one unit of work. */
export async function requestBankImport(
  deps: { store: Store; jobs: JobQueue },
  actor: Actor,
  name: string,
  input: BankImportRequest,
  at: string,
): Promise<BankImportView> {
  if (!BANK_NAME.test(name)) throw invalid(`a bank name is 1-100 characters of a-z, 0-9, ".", "_" and "-", starting with a letter or digit; got "${name}"`);
  if (input.text.trim() === '') throw invalid('the list is empty');
  const bank = await findBank(deps.store, name);
  if (bank && input.hashType !== undefined && bank.hashType !== input.hashType)
    throw conflict(`bank ${name} holds ${bank.hashType} hashes, not ${input.hashType}`);
  if (!bank) {
    const refusal = verifiedRefusal(input.source, input.verified);
    if (refusal) throw unprocessable(refusal);
  }
  const id = `import_${randomUUID()}`;
  const { text, ...options } = input;
  const row: BankImportRow = {
    id,
    bank_name: name,
    status: 'queued',
    options_json: JSON.stringify(options),
    list_text: text,
    done: 0,
    total: null,
    added: 0,
    unchanged: 0,
    errors_json: '[]',
    created_by: actor.id ?? 'system',
    created_at: at,
    updated_at: at,
    finished_at: null,
    lease_until: null,
  };
  await deps.store.write(async (w) => {
    await insertBankImport(w.tx, row);
    await w.append([
      {
        type: 'bank.import_requested',
        subject: { kind: 'system', id: 'bank-imports' },
        actor,
        at,
        reason: null,
        payload: { importId: id, bank: name, format: input.format, bytes: Buffer.byteLength(text) },
      },
    ]);
    await deps.jobs.enqueueIn(w, BANK_IMPORT_JOB_KIND, { importId: id }, { dedupeKey: `${BANK_IMPORT_JOB_KIND}:${id}:start` });
  });
  return importView(row);
}

export async function bankImport(store: Pick<Store, 'db'>, id: string): Promise<BankImportView> {
  const row = await bankImportById(store.db, id);
  if (!row) throw notFound(`no bank import with id ${id}`);
  return importView(row);
}

export async function bankImports(store: Pick<Store, 'db'>, limit: number): Promise<BankImportView[]> {
  return (await recentBankImports(store.db, limit)).map(importView);
}

export interface BankImportDeps {
  store: Store;
  jobs: JobQueue;
  now(): Date;
  /** Told after a run that added entries (a notice to the processes holding an index). */
  onBanksChanged?(): void;
  info?(message: string, detail: unknown): void;
}

export function registerBankImportHandlers(registry: HandlerRegistry, deps: BankImportDeps): HandlerRegistry {
  return registry.register<BankImportPayload>(BANK_IMPORT_JOB_KIND, (payload, ctx) => runBankImport(deps, payload.importId, ctx), {
    parse: (p) => BankImportPayload.parse(p),
    timeoutMs: 120_000,
  });
}

/**
 * Imports what is left of the list, chunk by chunk, until done or out of this job's time.
 * A run that finds another holding the import leaves it to that one (which finishes it or
 * queues its own follow-up); a run that died holding it is taken over once its lease is out.
 */
export async function runBankImport(deps: BankImportDeps, importId: string, ctx?: Pick<JobContext, 'signal'>, runMs = RUN_MS): Promise<void> {
  const now = deps.now();
  const lease = `${new Date(now.getTime() + LEASE_MS).toISOString()}|${randomUUID()}`;
  if (!(await leaseBankImport(deps.store.db, importId, now.toISOString(), lease))) return;
  const release = () => releaseBankImport(deps.store.db, importId, lease);
  try {
    await runLeased(deps, importId, ctx, runMs, release);
  } finally {
    await release();
  }
}

async function runLeased(
  deps: BankImportDeps,
  importId: string,
  ctx: Pick<JobContext, 'signal'> | undefined,
  runMs: number,
  release: () => Promise<void>,
): Promise<void> {
  const started = Date.now();
  const row = await bankImportById(deps.store.db, importId);
  if (!row || row.status === 'done' || row.status === 'failed' || row.list_text === null) return;
  const options = Options.parse(JSON.parse(row.options_json));
  const actor: Actor = { kind: 'staff', id: row.created_by };
  const stamp = () => deps.now().toISOString();
  try {
    let bank = await findBank(deps.store, row.bank_name);
    if (!bank) {
      bank = await createBank(
        deps.store,
        {
          name: row.bank_name,
          hashType: options.hashType ?? 'pdq',
          source: options.source,
          listVersion: options.listVersion ?? null,
          listDate: options.listDate ?? null,
          verified: options.verified,
        },
        actor,
        stamp(),
      );
    }
    if (options.hashType !== undefined && bank.hashType !== options.hashType)
      throw conflict(`bank ${bank.name} holds ${bank.hashType} hashes, not ${options.hashType}`);
    const parsed = parseBankList(options.format, row.list_text, bank.hashType);
    let done = Number(row.done);
    let added = Number(row.added);
    let unchanged = Number(row.unchanged);
    if (row.total === null) {
      const errors: ImportError[] = parsed.issues.slice(0, MAX_ERRORS).map((i) => ({ line: i.line, message: i.message }));
      if (parsed.issues.length > MAX_ERRORS) errors.push({ line: null, message: `${parsed.issues.length - MAX_ERRORS} more bad lines skipped` });
      await updateBankImport(deps.store.db, importId, { status: 'running', total: parsed.entries.length, errors_json: JSON.stringify(errors) }, stamp());
    }
    // At least one chunk per run, so that each follow-up job starts further on (its key is where it starts).
    let ran = 0;
    let addedNow = 0;
    while (done < parsed.entries.length) {
      if (ran > 0 && (ctx?.signal.aborted || Date.now() - started > runMs)) {
        // Given back first, so that the follow-up job finds it free.
        await release();
        if (addedNow > 0) deps.onBanksChanged?.();
        await deps.jobs.enqueue(BANK_IMPORT_JOB_KIND, { importId }, { dedupeKey: `${BANK_IMPORT_JOB_KIND}:${importId}:${done}` });
        return;
      }
      const chunk = parsed.entries.slice(done, done + IMPORT_CHUNK);
      const summary = await importEntries(deps.store, bank, chunk, actor, stamp(), options.listVersion);
      done += chunk.length;
      added += summary.added.length;
      unchanged += summary.unchanged;
      await updateBankImport(deps.store.db, importId, { done, added, unchanged }, stamp());
      ran++;
      addedNow += summary.added.length;
    }
    await updateBankImport(deps.store.db, importId, { status: 'done', list_text: null, finished_at: stamp() }, stamp());
    if (addedNow > 0) deps.onBanksChanged?.();
    deps.info?.(`bank import ${importId} into ${bank.name} done`, { total: parsed.entries.length, added, unchanged });
  } catch (err) {
    // A refusal (another hash type, a verified Take It Down list) cannot succeed on a retry.
    if (!(err instanceof ServiceError)) throw err;
    const errors = [...(JSON.parse(row.errors_json) as ImportError[]), { line: null, message: err.message }];
    await updateBankImport(deps.store.db, importId, { status: 'failed', errors_json: JSON.stringify(errors), list_text: null, finished_at: stamp() }, stamp());
  }
}
