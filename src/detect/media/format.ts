// Which image format some bytes hold, from their signature only. A file name or a
// claimed content type is never trusted: both are chosen by whoever uploads.

export type MediaFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif' | 'pnm';

/** Formats recognised only to say clearly that they are not decoded. */
export type UnsupportedFormat = 'pam' | 'pfm' | 'bmp' | 'jxl';

export function sniffFormat(b: Uint8Array): MediaFormat | UnsupportedFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  // Classic TIFF (42) and BigTIFF (43), either byte order.
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  const heif = isoBrand(b);
  if (heif) return heif;
  if (b.length >= 3 && b[0] === 0x50 /* P */ && isSpace(b[2]!)) {
    const kind = b[1]!;
    if (kind >= 0x31 && kind <= 0x36) return 'pnm'; // P1..P6
    if (kind === 0x37) return 'pam';
  }
  if (b.length >= 3 && b[0] === 0x50 && (b[1] === 0x46 || b[1] === 0x66) && isSpace(b[2]!)) return 'pfm';
  if (ascii(b, 0, 2) === 'BM' && b.length >= 26) return 'bmp';
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'jxl';
  return undefined;
}

// ISO base media files start with a box of type "ftyp" whose brands name the content.
function isoBrand(b: Uint8Array): 'avif' | 'heif' | undefined {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return undefined;
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const end = Math.min(b.length, size >= 16 ? size : 16);
  const brands = [ascii(b, 8, 4)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(b, at, 4));
  if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  const heifBrands = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];
  return brands.some((x) => heifBrands.includes(x)) ? 'heif' : undefined;
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  if (b.length < at + n) return '';
  let s = '';
  for (let i = at; i < at + n; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}
