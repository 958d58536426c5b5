// npm run bench:decode-memory -- [--images 8] [--side 10000] [--workers N] [--max-pixels N] [--budget-mb N]
// Issue 10, item 7: the memory a burst of large images costs. Generates N solid-colour PNGs
// of SIDE×SIDE pixels with sharp (a few hundred KB each), then, in a child process so that
// its memory is its own, hashes them all at once through a HashPool (exact decode, with the
// dihedral hashes, as ingest asks) and prints the child's peak resident memory (VmHWM of
// /proc/self/status) and how each image ended. Without --max-pixels and --budget-mb the
// pool's defaults apply.
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { HashPool, type HashPoolOptions } from '../src/services/media/hash-pool.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '8' },
    side: { type: 'string', default: '10000' },
    workers: { type: 'string' },
    'max-pixels': { type: 'string' },
    'budget-mb': { type: 'string' },
    child: { type: 'string' },
  },
});

function hwmMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024);
}

if (values.child) {
  const files = JSON.parse(values.child) as string[];
  const options: HashPoolOptions & Record<string, unknown> = {};
  if (values.workers) options.size = Number(values.workers);
  if (values['max-pixels']) options.decode = { maxPixels: Number(values['max-pixels']) };
  if (values['budget-mb']) options.decodeMemoryBytes = Number(values['budget-mb']) * 1024 * 1024;
  const pool = new HashPool(options);
  const before = hwmMb();
  const started = Date.now();
  const results = await Promise.allSettled(files.map((f) => pool.hashMedia(readFileSync(f), { dihedral: true })));
  const seconds = (Date.now() - started) / 1000;
  await pool.close();
  const outcomes: Record<string, number> = {};
  for (const r of results) {
    const k = r.status === 'fulfilled' ? 'hashed' : ((r.reason as { code?: string }).code ?? 'error');
    outcomes[k] = (outcomes[k] ?? 0) + 1;
  }
  console.log(JSON.stringify({ start_rss_mb: before, peak_rss_mb: hwmMb(), seconds: Number(seconds.toFixed(1)), outcomes }));
} else {
  const images = Number(values.images);
  const side = Number(values.side);
  if (!Number.isInteger(images) || images < 1 || images > 32) throw new Error('--images is a whole number from 1 to 32');
  if (!Number.isInteger(side) || side < 16 || side > 20000) throw new Error('--side is a whole number from 16 to 20000');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-decode-'));
  try {
    const files: string[] = [];
    let bytes = 0;
    for (let i = 0; i < images; i++) {
      const png = await sharp({ create: { width: side, height: side, channels: 3, background: { r: 30 + i, g: 90, b: 160 } }, limitInputPixels: false })
        .png()
        .toBuffer();
      const path = join(dir, `solid-${i}.png`);
      writeFileSync(path, png);
      files.push(path);
      bytes += png.length;
    }
    const args = ['--import', 'tsx', 'bench/decode-memory.ts', '--child', JSON.stringify(files)];
    for (const k of ['workers', 'max-pixels', 'budget-mb'] as const) if (values[k]) args.push(`--${k}`, values[k]!);
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the child failed:\n${child.stderr}`);
    const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    console.log(
      JSON.stringify({
        bench: 'decode-memory',
        images,
        side,
        png_kb_each: Math.round(bytes / images / 1024),
        workers: values.workers ? Number(values.workers) : 'default',
        max_pixels: values['max-pixels'] ? Number(values['max-pixels']) : 'default',
        budget_mb: values['budget-mb'] ? Number(values['budget-mb']) : 'default',
        ...figures,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
