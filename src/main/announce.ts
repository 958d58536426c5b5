// Change notices sent by a command (a process of its own, with no NATS connection held).
import type { Config } from '../config/config.js';
import { announceOnce } from '../work/nats-notices.js';
import { BANK_INDEX_REFRESH_MS } from '../services/banks/known-material-index.js';

/**
 * After a command changed the banks: the running processes are told at once when NATS is
 * configured (they would see it at their next poll anyway); a notice that cannot be sent is
 * reported and costs only that wait.
 */
export async function announceBankChange(config: Config): Promise<string | undefined> {
  const url = config.secrets.natsUrl;
  if (!url) return undefined;
  try {
    await announceOnce(url, config.nats.prefix, 'banks');
    return undefined;
  } catch (err) {
    return `running processes were not told through NATS (${err instanceof Error ? err.message : String(err)}); they pick the change up within ${BANK_INDEX_REFRESH_MS / 1000} s`;
  }
}
