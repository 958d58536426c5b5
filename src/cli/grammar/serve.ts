// The command line of `vigie serve`; the body (commands/serve.ts) loads the server only
// when it runs.
import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, wholeNumber, type DataOptions } from '../options.js';

export interface ServeOptions extends DataOptions {
  port?: number;
  host?: string;
}

export function register(parent: Command): Command {
  return parent
    .command('serve')
    .description('start the API and its workers (PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data folder)')
    .addOption(dataOption())
    .addOption(new Option('--port <n>', 'port to listen on; 0 picks a free one').argParser(wholeNumber('--port', 0, 65535)).default(undefined, '$VIGIE_PORT or 8080'))
    .addOption(new Option('--host <address>', 'address to listen on').default(undefined, '$VIGIE_HOST or 127.0.0.1'))
    .addHelpText(
      'after',
      examples(
        ['vigie serve --data /var/lib/vigie --port 8080', 'SQLite in /var/lib/vigie, on 127.0.0.1:8080'],
        ['DATABASE_URL=postgres://vigie@db/vigie vigie serve --host 0.0.0.0', 'PostgreSQL, listening on every interface'],
      ) + '\nOther settings come from the environment: see docs/operator-guide.md.\n',
    )
    .action(async (options: ServeOptions) => {
      const { run } = await import('../commands/serve.js');
      process.exitCode = await run(options);
    });
}
