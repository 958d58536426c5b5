// The command line of `vigie serve`; the body (commands/serve.ts) loads the server only
// when it runs.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ROLES, parseRoles, type Role } from '../../config/roles.js';
import { examples } from '../help.js';
import { dataOption, wholeNumber, type DataOptions } from '../options.js';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

export interface ServeOptions extends DataOptions {
  port?: number;
  host?: string;
  logFormat: (typeof LOG_FORMATS)[number];
  roles?: Role[];
}

export function register(parent: Command): Command {
  return parent
    .command('serve')
    .description('start the API and its workers (PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data folder)')
    .addOption(dataOption())
    .addOption(
      new Option('--port <n>', 'port to listen on; 0 picks a free one').argParser(wholeNumber('--port', 0, 65535)).default(undefined, '$VIGIE_PORT or 8080'),
    )
    .addOption(new Option('--host <address>', 'address to listen on').default(undefined, '$VIGIE_HOST or 127.0.0.1'))
    .addOption(
      new Option('--roles <list>', `what this process runs, comma-separated: ${ROLES.join(', ')}`)
        .argParser((v) => {
          try {
            return parseRoles(v);
          } catch (err) {
            throw new InvalidArgumentError(`${(err as Error).message}.`);
          }
        })
        .default(undefined, `$VIGIE_ROLES or ${ROLES.join(',')}`),
    )
    .addOption(
      new Option('--log-format <format>', 'log lines: "auto" is readable and coloured when stdout is a terminal, one JSON object per line otherwise')
        .choices(LOG_FORMATS)
        .default('auto'),
    )
    .addHelpText(
      'after',
      examples(
        ['vigie serve --data /var/lib/vigie --port 8080', 'SQLite in /var/lib/vigie, on 127.0.0.1:8080'],
        ['DATABASE_URL=postgres://vigie@db/vigie vigie serve --host 0.0.0.0', 'PostgreSQL, listening on every interface'],
        ['vigie serve | tee vigie.log', 'JSON log lines for a collector (stdout is a pipe)'],
        ['vigie serve --roles worker', 'a process that only sends webhooks (several API processes beside it)'],
      ) + '\nOther settings come from the environment: see docs/operator-guide.md.\n',
    )
    .action(async (options: ServeOptions) => {
      const { run } = await import('../commands/serve.js');
      process.exitCode = await run(options);
    });
}
