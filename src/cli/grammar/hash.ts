// The command line of `vigie hash`. It opens no database; the image decoder is loaded by
// the body, once the arguments are known to be good.
import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { wholeNumber } from '../options.js';

export interface HashOptions {
  dihedral: boolean;
  md5: boolean;
  sha256: boolean;
  maxPixels?: number;
}

const OUTPUT = `
Prints one line per file, in the order given, like Meta's pdq-photo-hasher:
  pdq,quality,path
With --dihedral, the eight rotations and flips instead of the one hash:
  orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1,quality,path
--md5 and --sha256 add those digests of the file's bytes just before the path.
Quality under 50 means the image is too flat for its hash to be matched on.
A file that cannot be read or decoded is named on stderr and the exit status is 1.
`;

export function register(parent: Command): Command {
  return (
    parent
      .command('hash')
      .description('PDQ-hash image files: pdq,quality,path per file')
      .argument('<file...>', 'image files: JPEG, PNG, GIF, WebP, TIFF, AVIF, HEIF or PNM')
      .option('--dihedral', 'print the hashes of the eight rotations and flips', false)
      .option('--md5', "add the MD5 of the file's bytes", false)
      .option('--sha256', "add the SHA-256 of the file's bytes", false)
      // The default is the decoder's own (src/detect/media/decode.ts), which this file does not load.
      .addOption(
        new Option('--max-pixels <n>', 'refuse to decode images larger than this').argParser(wholeNumber('--max-pixels', 1)).default(undefined, '50000000'),
      )
      .addHelpText(
        'after',
        OUTPUT +
          examples(
            ['vigie hash photo.jpg scans/*.png', 'one line per file'],
            ['vigie hash --dihedral --sha256 photo.jpg', 'the eight variants and the SHA-256'],
          ),
      )
      .action(async (files: string[], options: HashOptions) => {
        const { run } = await import('../commands/hash.js');
        process.exitCode = await run(files, options);
      })
  );
}
