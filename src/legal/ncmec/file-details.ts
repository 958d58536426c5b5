// The <fileDetails> document sent to NCMEC's /fileinfo for one uploaded file, in the
// schema's sequence order (NCMEC refuses children out of order).
import { fileAnnotationsXml, type FileAnnotation } from './file-annotations.js';

/**
 * NCMEC's industry classification of a file: the letter is the age group (A prepubescent,
 * B pubescent), the digit the conduct category (1 the more severe). Sent only by a company
 * that has executed the MOU of the Industry Hash Sharing Platform.
 */
export const INDUSTRY_CLASSIFICATIONS = ['A1', 'A2', 'B1', 'B2'] as const;
export type IndustryClassification = (typeof INDUSTRY_CLASSIFICATIONS)[number];

export interface FileDetails {
  reportId: string;
  fileId: string;
  originalFileName?: string | undefined;
  /** When the platform received the file. */
  uploadedToEspTimestamp?: string | undefined;
  /** True only when a person is recorded as having viewed the whole file (legal.md §2). */
  fileViewedByEsp: boolean;
  /** True only when a person viewed the file's EXIF; NCMEC then requires fileViewedByEsp. */
  exifViewedByEsp?: boolean | undefined;
  /** Whether the file was publicly accessible (a public post) rather than private (a direct message). */
  publiclyAvailable?: boolean | undefined;
  /** NCMEC's default, "Reported", when absent; a supplemental file may not be classified. */
  fileRelevance?: 'Reported' | 'Supplemental Reported' | undefined;
  annotations: readonly FileAnnotation[];
  /** Only for a file the company has classified under the industry hash-sharing MOU. */
  industryClassification?: IndustryClassification | undefined;
  /** The digests of the file as uploaded, e.g. MD5 and SHA-256. */
  originalFileHashes: readonly { hashType: string; value: string }[];
  /** Perceptual hashes (PDQ), sent as HASH-typed name/value pairs. */
  perceptualHashes?: readonly { name: string; value: string }[] | undefined;
  additionalInfo?: readonly string[] | undefined;
}

export function fileDetailsXml(d: FileDetails): string {
  if (!/^\d+$/.test(d.reportId)) throw new TypeError('an NCMEC report id is a number');
  if (d.exifViewedByEsp && !d.fileViewedByEsp) throw new TypeError('NCMEC requires fileViewedByEsp when exifViewedByEsp is true');
  if (d.industryClassification !== undefined && d.fileRelevance === 'Supplemental Reported')
    throw new TypeError('NCMEC refuses an industry classification on a "Supplemental Reported" file');
  const perceptual = d.perceptualHashes ?? [];
  const parts = [
    `<reportId>${d.reportId}</reportId>`,
    `<fileId>${escapeXml(d.fileId)}</fileId>`,
    d.originalFileName !== undefined ? `<originalFileName>${escapeXml(d.originalFileName.slice(0, 2056))}</originalFileName>` : '',
    d.uploadedToEspTimestamp !== undefined ? `<uploadedToEspTimestamp>${escapeXml(d.uploadedToEspTimestamp)}</uploadedToEspTimestamp>` : '',
    `<fileViewedByEsp>${d.fileViewedByEsp ? 'true' : 'false'}</fileViewedByEsp>`,
    d.exifViewedByEsp !== undefined ? `<exifViewedByEsp>${d.exifViewedByEsp ? 'true' : 'false'}</exifViewedByEsp>` : '',
    d.publiclyAvailable !== undefined ? `<publiclyAvailable>${d.publiclyAvailable ? 'true' : 'false'}</publiclyAvailable>` : '',
    d.fileRelevance !== undefined ? `<fileRelevance>${d.fileRelevance}</fileRelevance>` : '',
    fileAnnotationsXml(d.annotations),
    d.industryClassification !== undefined ? `<industryClassification>${d.industryClassification}</industryClassification>` : '',
    ...d.originalFileHashes.map((h) => `<originalFileHash hashType="${escapeXml(h.hashType)}">${escapeXml(h.value)}</originalFileHash>`),
    perceptual.length > 0
      ? `<details type="HASH">${perceptual.map((p) => `<nameValuePair><name>${escapeXml(p.name)}</name><value>${escapeXml(p.value)}</value></nameValuePair>`).join('')}</details>`
      : '',
    ...(d.additionalInfo ?? []).map((t) => `<additionalInfo>${escapeXml(t)}</additionalInfo>`),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<fileDetails>${parts.join('')}</fileDetails>\n`;
}

export function escapeXml(s: string): string {
  // XML 1.0 cannot carry most control characters even escaped: they are dropped.
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
