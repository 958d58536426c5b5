// The CyberTipline filing side of a process: the drafting settings every Enforcement gets, and
// for a worker the 'cybertip.file' handler with its NCMEC client, its media source and the
// evidence vault's holds. Without credentials the client refuses every call (the report is
// marked failed and a person must act); at start a worker fetches NCMEC's schema and logs
// whether it is the one vigie builds for.
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { HandlerRegistry } from '../work/handlers.js';
import type { DraftingDeps } from '../services/cybertip/record-drafts.js';
import { registerFilingHandlers } from '../services/cybertip/filing-job.js';
import { configuredClient } from '../services/cybertip/ncmec-client.js';
import { checkNcmecSchema } from '../services/cybertip/schema-check.js';
import type { PreservationHolds } from '../services/cybertip/holds.js';
import { placeHold } from '../services/vault/holds.js';
import { vaultDepsOf } from '../services/vault/vault.js';
import type { FilingDeps } from '../services/cybertip/file-report.js';
import type { WorkerContext } from './classifier-workers.js';
import { registerReferralHandlers } from '../services/referrals/referral-job.js';
import { openCountryDatabase, type CountryDatabase } from '../services/referrals/hosting-country.js';

export function cybertipDrafting(config: Config): Omit<DraftingDeps, 'jobs'> {
  return { autoFileBanks: config.ncmec.autoFileBanks, approveWithinMs: config.ncmec.approveWithinMs };
}

export function filingDeps(ctx: Pick<WorkerContext, 'store' | 'config' | 'now' | 'vault'>, holds: PreservationHolds | undefined, logger?: Logger): FilingDeps {
  const { config } = ctx;
  return {
    store: ctx.store,
    client: configuredClient(config.ncmec, config.secrets.ncmec),
    holds,
    // The vault's read: decrypted, checked against its digest.
    media: ctx.vault.media,
    settings: { reporter: config.ncmec.reporter, platform: config.ncmec.platform, environment: config.ncmec.environment },
    now: ctx.now,
    log: logger,
  };
}

/** The vault's holds behind the filing workflow's port: one hold per report, placed again as the first. */
export function vaultHolds(ctx: Pick<WorkerContext, 'store' | 'config' | 'now' | 'vault'>): PreservationHolds {
  const vault = vaultDepsOf(ctx);
  return { place: async (request) => void (await placeHold(vault, request)) };
}

export function registerCybertipFiling(
  handlers: HandlerRegistry,
  ctx: WorkerContext,
  logger?: Logger,
  holds: PreservationHolds | undefined = vaultHolds(ctx),
): HandlerRegistry {
  const deps = filingDeps(ctx, holds, logger);
  if (!holds) logger?.warn('CyberTipline filing waits: no evidence vault is wired to place preservation holds');
  if (ctx.config.secrets.ncmec) {
    void checkNcmecSchema(deps.client).then((r) => {
      if (r.status === 'same') logger?.info({ sha256: r.sha256 }, 'NCMEC schema is the one vigie builds reports for');
      else if (r.status === 'different')
        logger?.warn({ sha256: r.sha256, expected: r.expected }, 'NCMEC schema differs from the one vigie builds reports for: check the report builder');
      else logger?.warn({ error: r.error }, 'NCMEC schema could not be fetched');
    });
  }
  registerFilingHandlers(handlers, deps);
  // The operator's GeoIP database, read once on first use; a file that will not open fails the job, which retries.
  let geo: Promise<CountryDatabase> | undefined;
  const path = ctx.config.referrals.geoipDatabase;
  return registerReferralHandlers(handlers, async () => {
    if (path) {
      geo ??= openCountryDatabase(path);
      geo.catch(() => (geo = undefined));
    }
    return { store: ctx.store, now: ctx.now, geo: geo ? await geo : undefined, log: logger };
  });
}
