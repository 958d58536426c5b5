// The command line of `vigie scan`; the image decoder is loaded by the body, when it runs.
import { Option, type Command } from 'commander';
import { DEFAULT_PDQ_MAX_DISTANCE, MAX_PDQ_MAX_DISTANCE } from '../../match/pdq-matcher.js';
import { examples } from '../help.js';
import { dataOption, wholeNumber, type DataOptions } from '../options.js';

export interface ScanOptions extends DataOptions {
  bank: string;
  maxDistance?: number;
}

export function register(parent: Command): Command {
  return parent
    .command('scan')
    .description('walk a folder and print the files that match a bank, as CSV')
    .argument('<dir>', 'the folder, walked recursively')
    .requiredOption('--bank <name>', 'the bank to match against')
    .addOption(
      new Option('--max-distance <n>', 'largest PDQ distance that counts as a match')
        .argParser(wholeNumber('--max-distance', 0, MAX_PDQ_MAX_DISTANCE))
        .default(undefined, String(DEFAULT_PDQ_MAX_DISTANCE)),
    )
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie scan /srv/uploads --bank internal-pdq > matches.csv', 'audit stored uploads; a summary and unreadable files go to stderr'],
        ['vigie scan ./incoming --bank internal-pdq --max-distance 20', 'stricter matching'],
        ['vigie scan /srv/videos --bank internal-videos', 'videos against a vPDQ bank (ffmpeg decodes them)'],
      ) +
        '\nVideos (MP4/QuickTime, Matroska/WebM, told by their bytes) are vPDQ-hashed for a vPDQ bank and matched frame by frame against a PDQ bank.' +
        '\nExit status: 0, or 1 when some files could not be read or decoded. On a terminal, progress is shown on stderr.\n',
    )
    .action(async (dir: string, options: ScanOptions) => {
      const { run } = await import('../commands/scan.js');
      process.exitCode = await run(dir, options);
    });
}
