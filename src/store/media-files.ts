// Media bytes on local disk, sealed in the evidence vault's format (vault-files.ts): each
// object AES-256-GCM under a data key of its own, wrapped by the vault's master key, and
// addressed by the SHA-256 of its clear bytes. Ingest spools multipart parts (encrypted as
// they arrive) and keeps them once the item is accepted; inline bytes are sealed by
// saveBytes; hashing, classifiers and reviewers read clear bytes only through `read` (or a
// spool's `load`), which authenticates them and checks the digest.
import { join } from 'node:path';
import type { Keyring } from '../vault/envelope.js';
import { VaultFiles } from './vault-files.js';

export { HEAD_BYTES, MediaIntegrityError, MediaTooLargeError, type SpooledMedia, type StoredMedia } from './vault-files.js';

export class MediaFiles extends VaultFiles {
  constructor(root: string, ring: Keyring) {
    super(root, ring, 'media');
  }
}

/** The media tree of a data folder. */
export function mediaRoot(dataDir: string): string {
  return join(dataDir, 'media');
}
