// Media bytes on local disk, addressed by their SHA-256, so that the same image sent
// twice is stored once and a file's name can never be chosen by a sender. (The
// encrypted evidence vault for preserved material is a separate store.)
import { createHash } from 'node:crypto';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredMedia {
  sha256: string;
  md5: string;
  size: number;
}

export class MediaFiles {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async save(bytes: Uint8Array): Promise<StoredMedia> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const md5 = createHash('md5').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(join(this.root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
      // Written aside, flushed, then renamed: a crash leaves either no file or a whole one.
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      const fh = await open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    }
    return { sha256, md5, size: bytes.byteLength };
  }
}
