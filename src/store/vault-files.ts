// A content-addressed tree of sealed objects (src/vault/envelope.ts): every file under it is
// AES-256-GCM ciphertext with its own data key, named by the SHA-256 of its clear bytes,
// so the same bytes are stored once and a file's name can never be chosen by a sender.
// The media store (media-files.ts) and the preserved snapshots (vault-snapshots.ts) are two
// such trees.
//
// Clear bytes never reach the disk. A stream is *spooled*: encrypted as it arrives into a
// temporary file under `tmp/` that is already a whole sealed object (head first, tag last),
// hashed (SHA-256 and MD5) on the clear bytes on the way; `keep` then renames it into the
// tree without touching it again. Bytes in memory are sealed and written aside, flushed and
// renamed. A crash leaves either no file or a whole one in the tree, and at worst a stale
// temporary file (ciphertext), which `sweepTemporary` deletes.
//
// Several writers may store the same new digest at once: every temporary file has a name of
// its own, and renaming onto a file that already holds the same digest replaces one sealing
// of identical bytes with another, so it is not an error.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HEAD_BYTES as SEALED_HEAD_BYTES,
  IV_BYTES,
  KEY_BYTES,
  TAG_BYTES,
  VaultIntegrityError,
  VaultKeyMissingError,
  dataCipher,
  dataDecipher,
  looksSealed,
  open as openSealed,
  parseHead,
  rewrapHead,
  seal,
  sealHead,
  type Keyring,
  type MasterKey,
  type ObjectKind,
} from '../vault/envelope.js';

export interface StoredMedia {
  sha256: string;
  md5: string;
  size: number;
}

/** Bytes spooled to a temporary sealed file, not yet in the tree. */
export interface SpooledMedia extends StoredMedia {
  /** The temporary file (ciphertext). */
  path: string;
  /** The first clear bytes (up to HEAD_BYTES), kept in memory, enough to tell the type. */
  head: Uint8Array;
  /** The clear bytes, decrypted and checked against the digest (for hashing). */
  load(): Promise<Buffer>;
}

export const HEAD_BYTES = 4096;

/** Written once every clear file of a tree has been sealed; nothing writes clear files since. */
const SEALED_MARKER = '.sealed';

/** Stored bytes no longer match what was sealed or their digest: a flipped byte, a swapped file. */
export class MediaIntegrityError extends Error {
  override readonly name = 'MediaIntegrityError';
  constructor(
    readonly sha256: string,
    detail?: string,
  ) {
    super(`media ${sha256} does not match its digest${detail ? ` (${detail})` : ''}`);
  }
}

/** The spool went past its limit; the temporary file is already gone. */
export class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

export { VaultKeyMissingError };

function fresh() {
  return { dataKey: randomBytes(KEY_BYTES), wrapIv: randomBytes(IV_BYTES), dataIv: randomBytes(IV_BYTES) };
}

export interface WalkEntry {
  sha256: string;
  path: string;
}

/** What a migration of clear files did (sealed now, already sealed, under a key not held). */
export interface SealReport {
  sealed: number;
  alreadySealed: number;
  unknownKey: number;
  /** Clear files whose bytes did not match their name: sealed all the same, and refused on read. */
  mismatched: string[];
  clearTemporaryRemoved: number;
}

export interface RewrapReport {
  rewrapped: number;
  alreadyCurrent: number;
  unknownKey: number;
}

export class VaultFiles {
  readonly tempDir: string;

  constructor(
    readonly root: string,
    private ring: Keyring,
    readonly kind: ObjectKind,
  ) {
    this.tempDir = join(root, 'tmp');
  }

  get keyring(): Keyring {
    return this.ring;
  }

  /** Takes a new keyring (after a rotation): new objects are wrapped by its current key. */
  useKeyring(ring: Keyring): void {
    this.ring = ring;
  }

  /** Where the object lies: for deletion and the migration walk only, never to read clear bytes. */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  /**
   * Streams `source` into a temporary sealed file, hashing the clear bytes as it encrypts,
   * and flushes it. Past `limit` bytes it stops, deletes what it wrote and throws
   * MediaTooLargeError; on any other failure (the client went away) the file goes too.
   */
  async spool(source: AsyncIterable<Uint8Array>, limit: number): Promise<SpooledMedia> {
    const path = await this.tempPath();
    const fh = await open(path, 'wx', 0o600);
    const keys = fresh();
    const cipher = dataCipher(this.kind, keys.dataKey, keys.dataIv);
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    const head = new Uint8Array(HEAD_BYTES);
    let size = 0;
    let closed = false;
    try {
      await writeAll(fh, sealHead(this.ring.current, this.kind, keys));
      for await (const chunk of source) {
        if (size + chunk.byteLength > limit) throw new MediaTooLargeError(limit);
        if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
        size += chunk.byteLength;
        sha.update(chunk);
        md5.update(chunk);
        await writeAll(fh, cipher.update(chunk));
      }
      await writeAll(fh, cipher.final());
      await writeAll(fh, cipher.getAuthTag());
      await fh.sync();
      closed = true;
      await fh.close();
    } catch (err) {
      if (!closed) await fh.close().catch(() => undefined);
      await removeQuietly(path);
      throw err;
    }
    const sha256 = sha.digest('hex');
    return {
      path,
      sha256,
      md5: md5.digest('hex'),
      size,
      head: head.subarray(0, Math.min(size, HEAD_BYTES)),
      load: () => this.readAt(path, sha256),
    };
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

  /** Seals bytes already in memory into the tree, by their digest (a no-op when it holds them). */
  async saveBytes(bytes: Uint8Array, digests?: { sha256: string; md5: string }): Promise<StoredMedia> {
    const sha256 = digests?.sha256 ?? createHash('sha256').update(bytes).digest('hex');
    const md5 = digests?.md5 ?? createHash('md5').update(bytes).digest('hex');
    if (!(await exists(this.pathOf(sha256)))) {
      const tmp = await this.writeAside(seal(bytes, this.ring.current, this.kind, fresh()));
      await this.moveInto(tmp, sha256);
    }
    return { sha256, md5, size: bytes.byteLength };
  }

  /** Seals bytes at once (the CLI and tests); ingest uses spool/keep and saveBytes once accepted. */
  save(bytes: Uint8Array): Promise<StoredMedia> {
    return this.saveBytes(bytes);
  }

  /**
   * The clear bytes stored under `sha256`, authenticated and checked against the digest: a
   * file altered on disk (ciphertext, tag, wrapped key, or swapped for another object) is
   * refused with MediaIntegrityError rather than shown to a reviewer or sent anywhere.
   */
  read(sha256: string): Promise<Buffer> {
    return this.readAt(this.pathOf(sha256), sha256);
  }

  /** Deletes an object. Only the vault's services call it, after checking that no hold covers it. */
  async remove(sha256: string): Promise<boolean> {
    return removeQuietly(this.pathOf(sha256));
  }

  /** Deletes temporary files last modified before `before` (left by a crash); returns how many. */
  async sweepTemporary(before: Date): Promise<number> {
    let removed = 0;
    for (const name of await listQuietly(this.tempDir)) {
      if (!name.endsWith('.tmp')) continue;
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.isFile() && info.mtimeMs < before.getTime() && (await removeQuietly(path))) removed++;
    }
    return removed;
  }

  /** Every object of the tree (files named by a digest under aa/bb/). */
  async *walk(): AsyncGenerator<WalkEntry> {
    for (const a of (await listQuietly(this.root)).sort()) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of (await listQuietly(join(this.root, a))).sort()) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of (await listQuietly(join(this.root, a, b))).sort()) {
          if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(a + b)) yield { sha256: name, path: join(this.root, a, b, name) };
        }
      }
    }
  }

  /**
   * Seals, in place, every clear file a version before the vault left in the tree: each is
   * sealed into a temporary file, flushed, and renamed over the clear one (so a crash leaves
   * either file whole, and a second run picks up where the first stopped); clear temporary
   * files are deleted. `onFile` is called after each file (tests stop a run there).
   */
  async sealClear(onFile?: (entry: WalkEntry) => void | Promise<void>): Promise<SealReport> {
    const report: SealReport = { sealed: 0, alreadySealed: 0, unknownKey: 0, mismatched: [], clearTemporaryRemoved: 0 };
    for await (const entry of this.walk()) {
      const bytes = await readFile(entry.path);
      const state = this.stateOf(bytes, entry.sha256);
      if (state === 'sealed') report.alreadySealed++;
      else if (state === 'unknown-key') report.unknownKey++;
      else {
        if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) report.mismatched.push(entry.sha256);
        const tmp = await this.writeAside(seal(bytes, this.ring.current, this.kind, fresh()));
        await rename(tmp, entry.path);
        await syncDir(join(entry.path, '..'));
        report.sealed++;
      }
      await onFile?.(entry);
    }
    // Spools written before the vault are clear: none of them will be kept now.
    for (const name of await listQuietly(this.tempDir)) {
      const path = join(this.tempDir, name);
      const bytes = await readFile(path).catch(() => undefined);
      if (bytes && !looksSealed(bytes) && (await removeQuietly(path))) report.clearTemporaryRemoved++;
    }
    return report;
  }

  /**
   * Wraps every object's data key again under `to` (rotation), without decrypting or
   * re-encrypting its data: the new head and the same ciphertext go to a temporary file that
   * is flushed and renamed over the object. Objects already under `to` are left alone, so a
   * run stopped half-way is finished by running it again; until then the old key (still in
   * the keyring) reads what is not done.
   */
  async rewrap(to: MasterKey, onFile?: (entry: WalkEntry) => void | Promise<void>): Promise<RewrapReport> {
    const ring: Keyring = { current: to, all: new Map([...this.ring.all, [to.id, to]]) };
    const report: RewrapReport = { rewrapped: 0, alreadyCurrent: 0, unknownKey: 0 };
    for await (const entry of this.walk()) {
      const bytes = await readFile(entry.path);
      if (!looksSealed(bytes)) throw new Error(`${entry.path} is not sealed: run \`vigie vault migrate\` first`);
      const { keyId } = parseHead(bytes);
      if (keyId === to.id) report.alreadyCurrent++;
      else if (!ring.all.has(keyId)) report.unknownKey++;
      else {
        const head = rewrapHead(bytes.subarray(0, SEALED_HEAD_BYTES), ring, to, randomBytes(IV_BYTES));
        const tmp = await this.writeAside(Buffer.concat([head, bytes.subarray(SEALED_HEAD_BYTES)]));
        await rename(tmp, entry.path);
        await syncDir(join(entry.path, '..'));
        report.rewrapped++;
      }
      await onFile?.(entry);
    }
    return report;
  }

  /** Whether a full sealClear pass has finished on this tree (so a start need not walk it again). */
  async sealedMarked(): Promise<boolean> {
    return exists(join(this.root, SEALED_MARKER));
  }

  async markSealed(at: Date): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await writeFile(join(this.root, SEALED_MARKER), `${at.toISOString()}\n`, { mode: 0o600, flush: true });
  }

  /** Counts objects by the master key that wraps them (and 'clear' for unsealed files). */
  async keyUse(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for await (const entry of this.walk()) {
      const fh = await open(entry.path, 'r');
      const head = Buffer.alloc(SEALED_HEAD_BYTES + TAG_BYTES);
      try {
        await fh.read(head, 0, head.length, 0);
      } finally {
        await fh.close();
      }
      const id = looksSealed(head) ? parseHead(head).keyId : 'clear';
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }

  private stateOf(bytes: Buffer, sha256: string): 'sealed' | 'clear' | 'unknown-key' {
    if (!looksSealed(bytes)) return 'clear';
    try {
      openSealed(bytes, this.ring);
      return 'sealed';
    } catch (err) {
      if (err instanceof VaultKeyMissingError) return 'unknown-key';
      // A clear file that happens to begin like a sealed one is still recognised by its digest.
      if (createHash('sha256').update(bytes).digest('hex') === sha256) return 'clear';
      // A sealed object damaged on disk: left as it is, for reads to refuse and a person to see.
      return 'sealed';
    }
  }

  private async readAt(path: string, sha256: string): Promise<Buffer> {
    const bytes = await readFile(path);
    let clear: Buffer;
    try {
      if (!looksSealed(bytes)) throw new VaultIntegrityError('the file is not sealed');
      const parsed = parseHead(bytes);
      if (parsed.kind !== this.kind) throw new VaultIntegrityError(`a ${parsed.kind} object in the ${this.kind} tree`);
      const d = dataDecipher(bytes, this.ring, bytes.subarray(bytes.length - TAG_BYTES));
      try {
        clear = Buffer.concat([d.update(bytes.subarray(SEALED_HEAD_BYTES, bytes.length - TAG_BYTES)), d.final()]);
      } catch {
        throw new VaultIntegrityError('the ciphertext does not authenticate');
      }
    } catch (err) {
      if (err instanceof VaultIntegrityError) throw new MediaIntegrityError(sha256, err.message);
      throw err;
    }
    if (createHash('sha256').update(clear).digest('hex') !== sha256) throw new MediaIntegrityError(sha256, 'the clear bytes have another digest');
    return clear;
  }

  private async writeAside(bytes: Uint8Array): Promise<string> {
    const tmp = await this.tempPath();
    try {
      await writeFile(tmp, bytes, { mode: 0o600, flag: 'wx', flush: true });
    } catch (err) {
      await removeQuietly(tmp);
      throw err;
    }
    return tmp;
  }

  private async tempPath(): Promise<string> {
    await mkdir(this.tempDir, { recursive: true, mode: 0o700 });
    return join(this.tempDir, `${randomUUID()}.tmp`);
  }

  /** rename(2) within one file system: atomic, and onto an identical object it is harmless. */
  private async moveInto(tmp: string, sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    const dir = join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
    for (let attempt = 0; ; attempt++) {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await rename(tmp, path);
        return;
      } catch (err) {
        // The folder vanished between mkdir and rename (an operator's cleanup): make it again, once.
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

/** A rename is durable once its folder is flushed. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function listQuietly(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return [];
    throw err;
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
