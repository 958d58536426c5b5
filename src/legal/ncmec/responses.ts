// NCMEC's answers (reportResponse, reportDoneResponse; ncmec-cybertipline.md §5, §9) read into
// one shape, and what each response code means for the filing workflow.
import { parseXml } from '../../match/ncmec/xml.js';

export interface NcmecResponse {
  code: number;
  description: string;
  reportId: string | null;
  fileId: string | null;
  /** MD5 of an uploaded file as NCMEC received it. */
  hash: string | null;
  /** reportDoneResponse: the files NCMEC holds for the finished report. */
  files: string[] | null;
}

export function parseNcmecResponse(xml: string): NcmecResponse {
  const root = parseXml(xml, { maxBytes: 1024 * 1024, maxDepth: 8 });
  const text = (name: string): string | null => {
    const c = root.children.find((x) => x.name === name);
    return c ? c.text.trim() : null;
  };
  const code = Number(text('responseCode'));
  if (!Number.isInteger(code)) throw new Error(`NCMEC answered ${root.name} without a numeric responseCode`);
  const files = root.children.find((x) => x.name === 'files');
  return {
    code,
    description: text('responseDescription') ?? '',
    reportId: text('reportId'),
    fileId: text('fileId'),
    hash: text('hash'),
    files: files ? files.children.filter((c) => c.name === 'fileId').map((c) => c.text.trim()) : null,
  };
}

export const NCMEC_CODES = {
  success: 0,
  reportDoesNotExist: 5001,
  fileDoesNotExist: 5002,
  alreadyRetracted: 5101,
  alreadyFinished: 5102,
} as const;

/** Codes worth another try later (server, save, upload and update failures). */
const TRANSIENT = new Set([1000, 1100, 1110, 1111, 1300]);

export type CodeHandling = 'ok' | 'transient' | 'terminal' | 'gone';

export function handlingOf(code: number): CodeHandling {
  if (code === 0) return 'ok';
  if (TRANSIENT.has(code)) return 'transient';
  if (code === 5001 || code === 5101) return 'gone';
  return 'terminal';
}
