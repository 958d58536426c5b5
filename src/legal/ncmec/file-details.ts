// The <fileDetails> document sent to NCMEC's /fileinfo for one uploaded file, in the
// schema's sequence order (NCMEC refuses children out of order). Only the fields vigie has
// today; the filing workflow (issue 14) adds the rest in their places.
import { fileAnnotationsXml, type FileAnnotation } from './file-annotations.js';

export interface FileDetails {
  reportId: string;
  fileId: string;
  originalFileName?: string | undefined;
  /** True only when a person is recorded as having viewed the whole file (legal.md §2). */
  fileViewedByEsp: boolean;
  annotations: readonly FileAnnotation[];
  /** The digests of the file as uploaded, e.g. MD5 and SHA-256. */
  originalFileHashes: readonly { hashType: string; value: string }[];
}

export function fileDetailsXml(d: FileDetails): string {
  if (!/^\d+$/.test(d.reportId)) throw new TypeError('an NCMEC report id is a number');
  const parts = [
    `<reportId>${d.reportId}</reportId>`,
    `<fileId>${escapeXml(d.fileId)}</fileId>`,
    d.originalFileName !== undefined ? `<originalFileName>${escapeXml(d.originalFileName)}</originalFileName>` : '',
    `<fileViewedByEsp>${d.fileViewedByEsp ? 'true' : 'false'}</fileViewedByEsp>`,
    fileAnnotationsXml(d.annotations),
    ...d.originalFileHashes.map((h) => `<originalFileHash hashType="${escapeXml(h.hashType)}">${escapeXml(h.value)}</originalFileHash>`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<fileDetails>${parts.join('')}</fileDetails>\n`;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
