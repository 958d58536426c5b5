// The command line of `vigie hash`. It opens no database; the image decoder is loaded by
// the body, once the arguments are known to be good.
import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { InvalidArgumentError } from 'commander';
import { wholeNumber } from '../options.js';

function secondsArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 3600)
    throw new InvalidArgumentError('--seconds-per-hash takes a number of seconds from 0 to 3600.');
  return n;
}

export interface HashOptions {
  video: boolean;
  bankValue: boolean;
  secondsPerHash?: number;
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
With --video, one video file (MP4/QuickTime or Matroska/WebM, told by its bytes) is
decoded with ffmpeg and its vPDQ frame hashes printed as Meta's vpdq-hash-video writes
them, one line per hashed frame:
  frameNumber,quality,pdq,timestampSeconds
With --bank-value, instead, the one line a vPDQ bank keeps for the video (its distinct
frame hashes as quality:pdq, separated by commas), for \`vigie bank import --hash-type vpdq\`.
`;

export function register(parent: Command): Command {
  return (
    parent
      .command('hash')
      .description('PDQ-hash image files: pdq,quality,path per file')
      .argument('<file...>', 'image files: JPEG, PNG, GIF, WebP, TIFF, AVIF, HEIF or PNM')
      .option('--video', 'vPDQ-hash one video file (ffmpeg decodes it): frameNumber,quality,pdq,timestamp per frame', false)
      .addOption(
        new Option('--seconds-per-hash <s>', 'with --video: hash one frame every this many seconds (0: every frame)')
          .argParser(secondsArg)
          .default(undefined, '0, as the reference'),
      )
      .option('--bank-value', 'with --video: print the one-line vPDQ bank value instead of frame lines', false)
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
            ['vigie hash --video clip.mp4', 'the vPDQ frame hashes of a video'],
            ['vigie hash --video --bank-value clip.mp4 >> videos.txt', 'a line for a vPDQ bank list'],
          ),
      )
      .action(async (files: string[], options: HashOptions) => {
        if (options.video) {
          if (files.length !== 1) parent.error('vigie hash --video takes exactly one file.');
          const { runVideo } = await import('../commands/hash-video.js');
          process.exitCode = await runVideo(files[0]!, options);
          return;
        }
        const { run } = await import('../commands/hash.js');
        process.exitCode = await run(files, options);
      })
  );
}
