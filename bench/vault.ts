// node --import tsx bench/vault.ts [--runs R] [--images N]
//
// What the evidence vault costs. (1) AES-256-GCM throughput of the envelope
// (src/vault/envelope.ts) in memory, sealing and opening 1 MiB and 16 MiB objects.
// (2) The cost per image on the ingest path: storing N benign generated images (about
// 250 KB each, as PNG) the way ingest does, sealed (spool through the cipher then keep; and
// saveBytes for inline bytes), against the clear store the vault replaced (write aside,
// flush, rename); and reading them back (decrypt, authenticate, check the SHA-256) against
// a clear read checked by SHA-256. Prints one JSON line; medians of R runs.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { keyring, open as openSealed, seal } from '../src/vault/envelope.js';
import { MediaFiles } from '../src/store/media-files.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, images: { type: 'string', default: '200' } } });
const runs = Number(values.runs);
const count = Number(values.images);
const ring = keyring(randomBytes(32));
const fresh = () => ({ dataKey: randomBytes(32), wrapIv: randomBytes(12), dataIv: randomBytes(12) });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function throughput(size: number): { sealMBps: number; openMBps: number } {
  const clear = randomBytes(size);
  const seals: number[] = [];
  const opens: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = process.hrtime.bigint();
    const sealed = seal(clear, ring.current, 'media', fresh());
    seals.push(size / 1e6 / (ms(t) / 1000));
    t = process.hrtime.bigint();
    openSealed(sealed, ring, 'media');
    opens.push(size / 1e6 / (ms(t) / 1000));
  }
  return { sealMBps: Math.round(median(seals)), openMBps: Math.round(median(opens)) };
}

/** Benign noise images (random pixels compress badly, so each is a few hundred KB). */
async function images(n: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await sharp(randomBytes(300 * 280 * 3), { raw: { width: 300, height: 280, channels: 3 } })
        .png()
        .toBuffer(),
    );
  return out;
}

async function* chunks(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
}

/** The store before the vault: write aside, flush, rename into aa/bb/<sha>. */
async function clearSave(root: string, bytes: Buffer): Promise<void> {
  const sha = createHash('sha256').update(bytes).digest('hex');
  await mkdir(join(root, 'tmp'), { recursive: true });
  const tmp = join(root, 'tmp', `${randomBytes(8).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  await fh.writeFile(bytes);
  await fh.sync();
  await fh.close();
  const dir = join(root, sha.slice(0, 2), sha.slice(2, 4));
  await mkdir(dir, { recursive: true });
  await rename(tmp, join(dir, sha));
}

async function clearRead(root: string, sha: string): Promise<Buffer> {
  const bytes = await readFile(join(root, sha.slice(0, 2), sha.slice(2, 4), sha));
  if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new Error('mismatch');
  return bytes;
}

async function perImage(imgs: Buffer[]) {
  const shas = imgs.map((b) => createHash('sha256').update(b).digest('hex'));
  const result: Record<string, number[]> = { clearWrite: [], sealedSaveBytes: [], sealedSpoolKeep: [], clearRead: [], sealedRead: [] };
  // CPU time of this process per image (moves less with the machine's load than wall time).
  const cpu: Record<string, number[]> = { clearWrite: [], sealedSaveBytes: [], sealedSpoolKeep: [], clearRead: [], sealedRead: [] };
  const phase = async (name: string, work: () => Promise<void>) => {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    await work();
    const used = process.cpuUsage(c);
    result[name]!.push(ms(t) / imgs.length);
    cpu[name]!.push((used.user + used.system) / 1000 / imgs.length);
  };
  for (let r = 0; r < runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-vault-'));
    try {
      const clearRoot = join(dir, 'clear');
      const inline = new MediaFiles(join(dir, 'inline'), ring);
      const spooled = new MediaFiles(join(dir, 'spooled'), ring);
      await phase('clearWrite', async () => {
        for (const b of imgs) await clearSave(clearRoot, b);
      });
      await phase('sealedSaveBytes', async () => {
        for (const b of imgs) await inline.saveBytes(b);
      });
      await phase('sealedSpoolKeep', async () => {
        for (const b of imgs) await spooled.keep(await spooled.spool(chunks(b), 1 << 26));
      });
      await phase('clearRead', async () => {
        for (const s of shas) await clearRead(clearRoot, s);
      });
      await phase('sealedRead', async () => {
        for (const s of shas) await inline.read(s);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    wallMs: Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Number(median(v).toFixed(3))])),
    cpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(median(v).toFixed(3))])),
  };
}

const imgs = await images(count);
const avgKB = Math.round(imgs.reduce((n, b) => n + b.length, 0) / imgs.length / 1024);
console.log(
  JSON.stringify({
    runs,
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    images: count,
    averageImageKB: avgKB,
    throughput1MiB: throughput(1 << 20),
    throughput16MiB: throughput(1 << 24),
    perImage: await perImage(imgs),
  }),
);
