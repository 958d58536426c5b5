// Media bytes on local disk, addressed by their SHA-256, so that the same image sent
// twice is stored once and a file's name can never be chosen by a sender. (The
// encrypted evidence vault for preserved material is a separate store.)
//
// Media arrive in two ways. A multipart part is *spooled*: streamed to a temporary file
// under `tmp/` as it arrives, hashed (SHA-256 and MD5) on the way, never held whole in
// memory. Inline base64 bytes are already in memory (the body limit bounds them). Either
// way nothing enters the content-addressed tree until the item is accepted: `keep` moves a
// spooled file into place, `saveBytes` writes bytes; a refused item's spool is discarded.
//
// Several requests may store the same new digest at once (a viral repost, a raid): every
// temporary file has a name of its own (a random UUID), and renaming onto a file that
// already holds the same digest replaces identical bytes with identical bytes, so it is
// not an error. A crash leaves either no file or a whole one in the tree, and at worst a
// stale temporary file, which `sweepTemporary` deletes.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredMedia {
  sha256: string;
  md5: string;
  size: number;
}

/** A media item written to a temporary file, not yet in the content-addressed tree. */
export interface SpooledMedia extends StoredMedia {
  /** The temporary file. */
  path: string;
  /** Its first bytes (up to HEAD_BYTES), enough to tell its type. */
  head: Uint8Array;
}

export const HEAD_BYTES = 4096;

/** Stored bytes no longer match their digest. */
export class MediaIntegrityError extends Error {
  override readonly name = 'MediaIntegrityError';
  constructor(readonly sha256: string) {
    super(`media ${sha256} does not match its digest`);
  }
}

/** The spool went past its limit; the temporary file is already gone. */
export class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

export class MediaFiles {
  readonly tempDir: string;

  constructor(private readonly root: string) {
    this.tempDir = join(root, 'tmp');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams `source` to a temporary file, hashing as it writes, and flushes it to disk.
   * Past `limit` bytes it stops, deletes what it wrote and throws MediaTooLargeError; on
   * any other failure (the client went away) the file is deleted too.
   */
  async spool(source: AsyncIterable<Uint8Array>, limit: number): Promise<SpooledMedia> {
    const path = await this.tempPath();
    const fh = await open(path, 'wx', 0o600);
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    const head = new Uint8Array(HEAD_BYTES);
    let size = 0;
    let closed = false;
    try {
      for await (const chunk of source) {
        if (size + chunk.byteLength > limit) throw new MediaTooLargeError(limit);
        if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
        size += chunk.byteLength;
        sha.update(chunk);
        md5.update(chunk);
        await writeAll(fh, chunk);
      }
      await fh.sync();
      closed = true;
      await fh.close();
    } catch (err) {
      if (!closed) await fh.close().catch(() => undefined);
      await removeQuietly(path);
      throw err;
    }
    return { path, sha256: sha.digest('hex'), md5: md5.digest('hex'), size, head: head.subarray(0, Math.min(size, HEAD_BYTES)) };
  }

  /** Moves a spooled file into the tree (or drops it when the tree already holds its digest). */
  async keep(spooled: SpooledMedia): Promise<StoredMedia> {
    const path = this.pathOf(spooled.sha256);
    if (await exists(path)) await removeQuietly(spooled.path);
    else await this.moveInto(spooled.path, spooled.sha256);
    return { sha256: spooled.sha256, md5: spooled.md5, size: spooled.size };
  }

  /** Deletes a spooled file that will not be kept; one already moved or deleted is fine. */
  async discard(spooled: SpooledMedia): Promise<void> {
    await removeQuietly(spooled.path);
  }

  /** Writes bytes already in memory into the tree, by their digest (a no-op when it holds them). */
  async saveBytes(bytes: Uint8Array, digests?: { sha256: string; md5: string }): Promise<StoredMedia> {
    const sha256 = digests?.sha256 ?? createHash('sha256').update(bytes).digest('hex');
    const md5 = digests?.md5 ?? createHash('md5').update(bytes).digest('hex');
    if (!(await exists(this.pathOf(sha256)))) {
      // Written aside, flushed, then renamed: a crash leaves either no file or a whole one.
      const tmp = await this.tempPath();
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } catch (err) {
        await fh.close().catch(() => undefined);
        await removeQuietly(tmp);
        throw err;
      }
      await fh.close();
      await this.moveInto(tmp, sha256);
    }
    return { sha256, md5, size: bytes.byteLength };
  }

  /**
   * The bytes stored under `sha256`, checked against it: a file altered on disk is refused
   * (MediaIntegrityError) rather than shown to a reviewer or sent to a provider.
   */
  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(sha256));
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new MediaIntegrityError(sha256);
    return bytes;
  }

  /** Stores bytes at once (the CLI and tests); ingest uses spool/keep and saveBytes once accepted. */
  save(bytes: Uint8Array): Promise<StoredMedia> {
    return this.saveBytes(bytes);
  }

  /** Deletes temporary files last modified before `before` (left by a crash); returns how many. */
  async sweepTemporary(before: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch (err) {
      if (code(err) === 'ENOENT') return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.isFile() && info.mtimeMs < before.getTime() && (await removeQuietly(path))) removed++;
    }
    return removed;
  }

  private async tempPath(): Promise<string> {
    await mkdir(this.tempDir, { recursive: true, mode: 0o700 });
    return join(this.tempDir, `${randomUUID()}.tmp`);
  }

  /** rename(2) within one file system: atomic, and onto an identical file it is harmless. */
  private async moveInto(tmp: string, sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    const dir = join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(dir, { recursive: true });
        await rename(tmp, path);
        return;
      } catch (err) {
        // The folder vanished between mkdir and rename (nothing deletes folders today,
        // but an operator might): make it again, once.
        if (code(err) === 'ENOENT' && attempt === 0 && (await exists(tmp))) continue;
        // Another writer put the same digest in place meanwhile: our copy is not needed.
        if (await exists(path)) {
          await removeQuietly(tmp);
          return;
        }
        throw err;
      }
    }
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let at = 0;
  while (at < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, at, chunk.byteLength - at);
    at += bytesWritten;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function removeQuietly(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if (code(err) === 'ENOENT') return false;
    throw err;
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
