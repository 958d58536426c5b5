// The command line of `vigie cybertip list` and `vigie cybertip build`.
import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { dataOption, wholeNumber, type DataOptions } from '../options.js';

export interface CybertipListOptions extends DataOptions {
  status?: string;
  limit?: number;
}

export interface CybertipBuildOptions extends DataOptions {
  out: string;
}

const STATUSES = ['draft', 'approved', 'submitting', 'submitted', 'uploaded', 'described', 'finished', 'retracted'];

export function register(parent: Command): Command {
  parent
    .command('list')
    .description('list CyberTipline reports, newest first: one JSON line each (id, caseId, status, ncmecReportId, ...)')
    .addOption(new Option('--status <status>', 'only reports in this state').choices(STATUSES))
    .addOption(new Option('--limit <n>', 'at most this many').argParser(wholeNumber('--limit', 1, 100_000)).default(undefined, '1000'))
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(['vigie cybertip list --data ./data', 'every report'], ['vigie cybertip list --status draft', 'drafts waiting for the legal role']),
    )
    .action(async (options: CybertipListOptions) => {
      const { run } = await import('../commands/cybertip-list.js');
      process.exitCode = await run(options);
    });
  parent
    .command('build')
    .description('write the <report> document a report sends (or sent), without submitting anything')
    .argument('<id>', 'the report id (ct_…)')
    .requiredOption('--out <file>', 'where to write the XML')
    .addOption(dataOption())
    .addHelpText('after', examples(['vigie cybertip build ct_0190a1b2-… --out report.xml --data ./data', 'the document for one report']))
    .action(async (id: string, options: CybertipBuildOptions) => {
      const { run } = await import('../commands/cybertip-build.js');
      process.exitCode = await run(id, options);
    });
  return parent;
}
