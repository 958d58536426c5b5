// The one error a decode can end in. The code says what went wrong so a caller can
// decide (store as undecodable, ask for review, retry) without parsing messages.

export type MediaDecodeErrorCode =
  /** No bytes at all. */
  | 'empty'
  /** The bytes start with no image signature vigie knows. */
  | 'unrecognised-format'
  /** A known format this build cannot decode (e.g. HEVC-coded HEIF, PAM). */
  | 'unsupported-format'
  /** More pixels than the configured cap (a decompression bomb, or just too big). */
  | 'too-many-pixels'
  /** The format was recognised but the data is broken or truncated. */
  | 'corrupt';

export class MediaDecodeError extends Error {
  override readonly name = 'MediaDecodeError';
  /**
   * Digests of the bytes that failed to decode, when the caller asked for them: an
   * exact-copy match needs no decoding, so a broken file is not a lost one.
   */
  digests?: { md5: string; sha256: string };
  /** The size the header gave, when known (always for 'too-many-pixels' from the cap). */
  size?: { width: number; height: number };
  constructor(
    readonly code: MediaDecodeErrorCode,
    message: string,
    options?: { cause?: unknown; size?: { width: number; height: number } },
  ) {
    super(message, options);
    if (options?.size) this.size = { width: options.size.width, height: options.size.height };
  }
}

export function isMediaDecodeError(e: unknown): e is MediaDecodeError {
  return e instanceof Error && e.name === 'MediaDecodeError' && typeof (e as { code?: unknown }).code === 'string';
}
