// multipart/form-data with one file field, as Hive's task API takes media. The boundary is
// derived from the bytes' digest, so the body is a pure function of its input and a boundary
// can never occur inside the bytes by chance in any practical sense.
import { createHash } from 'node:crypto';

export function multipartFile(field: string, fileName: string, mimeType: string, bytes: Uint8Array): { contentType: string; body: Uint8Array } {
  const boundary = `vigie-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([head, bytes, tail]) };
}
