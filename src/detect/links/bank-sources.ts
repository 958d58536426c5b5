// URL banks as an operator names them: NAME=FORMAT:FILE, the way `vigie text scan
// --url-bank` and VIGIE_URL_BANKS take them. Pure: reading the files is the loader's job
// (src/services/detection/text-rules.ts).
import type { UrlListFormat } from './bank.js';

export interface UrlBankSource {
  readonly name: string;
  readonly format: UrlListFormat;
  readonly path: string;
  /** The operator vouches for the list (an IWF or hotline list): the policy may act on a match. */
  readonly verified: boolean;
}

const FORMATS: readonly UrlListFormat[] = ['plain', 'iwf', 'sha256'];

/** `spec` is FORMAT:FILE. Throws with a message an operator can act on. */
export function urlBankSource(name: string, spec: string, verified: boolean): UrlBankSource {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name))
    throw new Error(`URL bank name ${JSON.stringify(name)}: use letters, digits, "-", "_" or "." (at most 64)`);
  const colon = spec.indexOf(':');
  const format = spec.slice(0, colon) as UrlListFormat;
  if (colon <= 0 || !FORMATS.includes(format) || colon === spec.length - 1) {
    throw new Error(`URL bank ${name}: give FORMAT:FILE with FORMAT ${FORMATS.join(', ')}, got ${JSON.stringify(spec)}`);
  }
  return { name, format, path: spec.slice(colon + 1), verified };
}

/** "name=format:path,name2=format:path2", with the names in `verified` vouched for. */
export function urlBankSources(raw: string, verified: ReadonlySet<string>): UrlBankSource[] {
  const out: UrlBankSource[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`URL bank entries are NAME=FORMAT:FILE, got ${JSON.stringify(part)}`);
    const name = part.slice(0, eq);
    if (out.some((s) => s.name === name)) throw new Error(`URL bank ${name} is named twice`);
    out.push(urlBankSource(name, part.slice(eq + 1), verified.has(name)));
  }
  for (const name of verified) {
    if (!out.some((s) => s.name === name)) throw new Error(`URL bank ${name} is said to be verified but is not configured`);
  }
  return out;
}
