// Statements of reasons go to the Commission's Transparency Database (DSA Art. 24(5)) from
// the workers, when the operator configured its address and token; several workers may run
// it, since a statement sent twice is recorded as held already (its puid).
import type { Logger } from 'pino';
import type { Services } from '../services/services.js';
import type { PeriodicTask } from './periodic.js';
import { TransparencyDatabaseClient } from '../services/statements/transparency-database.js';
import { submitPendingStatements } from '../services/statements/submit-statements.js';
import { statementSettings } from '../services/statements/statement-view.js';

export function statementSubmissionTask(s: Services, logger?: Logger): PeriodicTask[] {
  const url = s.config.statements.transparencyDatabaseUrl;
  const token = s.config.secrets.dsaApiToken;
  if (!url || !token) return [];
  const database = new TransparencyDatabaseClient(url, token);
  const settings = statementSettings(s.config);
  return [
    {
      name: 'statement submission',
      roles: ['worker'],
      everyMs: s.config.statements.submitEveryMs,
      run: async () => {
        const done = await submitPendingStatements({ store: s.store, database, settings, now: s.now });
        if (done.accepted + done.duplicates + done.refused + done.retry > 0) logger?.info(done, 'statements of reasons submitted to the Transparency Database');
      },
    },
  ];
}
