// `vigie scan DIR --bank NAME`: walks a folder (an operator auditing their own storage) and
// prints every file that matches the bank. Videos (told by their bytes) are vPDQ-hashed
// with ffmpeg for a vPDQ bank, and matched frame by frame against a PDQ bank. Unreadable or undecodable files are named on
// standard error and the walk goes on; the exit code is then 1. On a terminal, stderr
// shows how far the walk has got.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { configFrom, openStore } from '../options.js';
import type { ScanOptions } from '../grammar/scan.js';
import { count, createProgress } from '../progress.js';
import { findBank } from '../../services/banks/find-bank.js';
import { KnownMaterialIndex, type MediaHashesForMatch } from '../../services/banks/known-material-index.js';
import { DIHEDRAL_NAMES, isMediaDecodeError, sniffFormat } from '../../detect/media/index.js';
import { HashPool } from '../../services/media/hash-pool.js';
import { sniffVideo } from '../../detect/media/video-format.js';
import { VideoHasher } from '../../services/media/video/video-hasher.js';
import { isVideoError } from '../../services/media/video/video-error.js';

async function* walk(dir: string, problems: string[]): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push(`${dir}: ${(err as Error).message}`);
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* walk(path, problems);
    else if (e.isFile()) yield path;
  }
}

export async function run(dir: string, values: ScanOptions): Promise<number> {
  const maxDistance = values.maxDistance;
  const store = await openStore(configFrom(values));
  const pool = new HashPool();
  // An operator's own files: a long video is scanned whole (a day at most, an hour per file).
  const videos = new VideoHasher({ video: { maxSeconds: 86_400, timeoutMs: 3_600_000 } });
  const problems: string[] = [];
  const progress = createProgress(process.stderr);
  try {
    const bank = await findBank(store, values.bank);
    if (!bank) {
      process.stderr.write(`no bank named ${values.bank}\n`);
      return 2;
    }
    const index = new KnownMaterialIndex(store, maxDistance !== undefined ? { maxDistance } : {});
    await index.load();
    process.stdout.write('path,bank,hash_type,distance,variant,label,matched_hash\n');
    let files = 0;
    let matched = 0;
    for await (const path of walk(dir, problems)) {
      files++;
      progress.update(() => `scanning ${dir}: ${count(files)} files, ${count(matched)} matches, ${count(problems.length)} unreadable`);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (err) {
        problems.push(`${path}: ${(err as Error).message}`);
        continue;
      }
      const query: MediaHashesForMatch = { md5: createHash('md5').update(bytes).digest('hex'), sha256: createHash('sha256').update(bytes).digest('hex') };
      const container = sniffVideo(bytes.subarray(0, 64));
      if (container && (bank.hashType === 'vpdq' || bank.hashType === 'pdq')) {
        try {
          query.frames = (await videos.hashVideo({ path }, container)).frames;
        } catch (err) {
          problems.push(`${path}: ${isVideoError(err) ? `${err.code}: ${err.message}` : String(err)}`);
          continue;
        }
      } else if (bank.hashType === 'vpdq') {
        continue; // not a video: nothing to compare for a vPDQ bank
      } else if (bank.hashType === 'pdq') {
        if (!sniffFormat(bytes)) continue; // not an image: nothing to compare for a PDQ bank
        try {
          const h = await pool.hashMedia(bytes, { dihedral: true });
          query.pdq = h.pdq;
          query.quality = h.quality;
          if (h.dihedral) query.variants = DIHEDRAL_NAMES.slice(1).map((n) => h.dihedral![n]);
        } catch (err) {
          problems.push(`${path}: ${isMediaDecodeError(err) ? err.message : String(err)}`);
          continue;
        }
      }
      for (const hit of await index.match(query, bank.id)) {
        matched++;
        progress.done(); // stdout may be the same terminal: the row must not land on the status line
        const variant = hit.variant === 0 ? 'orig' : DIHEDRAL_NAMES[hit.variant];
        process.stdout.write(`${csv(path)},${hit.bank.name},${hit.hashType},${hit.distance},${variant},${csv(hit.label ?? '')},${hit.hash}\n`);
      }
    }
    progress.done();
    for (const p of problems) process.stderr.write(`vigie scan: ${p}\n`);
    process.stderr.write(`${files} files, ${matched} matches, ${problems.length} unreadable\n`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    progress.done();
    await pool.close();
    await videos.close();
    await store.close();
  }
}

function csv(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
