// Safe Browsing's host-suffix x path-prefix expressions: one canonical URL expands into at
// most 5 host variants x 6 path variants, so that a single set lookup finds page-level
// entries (full host and path), directory entries and whole-domain entries alike.
import type { CanonicalUrl } from './canonicalize.js';

const MAX_HOST_SUFFIXES = 4;
const MAX_PATH_PREFIXES = 4;

/** The host variants: the exact host, then suffixes of its last five labels (never the TLD alone). */
export function hostVariants(host: string, hostIsIp: boolean): string[] {
  if (hostIsIp) return [host];
  const out = [host];
  const labels = host.split('.');
  const first = Math.max(1, labels.length - 5);
  for (let i = first; i < labels.length - 1 && out.length <= MAX_HOST_SUFFIXES; i++) {
    const suffix = labels.slice(i).join('.');
    if (!out.includes(suffix)) out.push(suffix);
  }
  return out;
}

/** The path variants: with query, without, then "/" and up to three directory prefixes. */
export function pathVariants(path: string, query: string | undefined): string[] {
  const out: string[] = [];
  if (query !== undefined) out.push(`${path}?${query}`);
  out.push(path);
  const parts = path.split('/').slice(1, -1); // directories only: the last part is a file or ""
  let prefix = '/';
  for (let i = 0; i <= parts.length && i < MAX_PATH_PREFIXES; i++) {
    if (!out.includes(prefix)) out.push(prefix);
    if (i < parts.length) prefix += `${parts[i]}/`;
  }
  return out;
}

/** All lookup expressions ("host/path?query" without scheme) for a canonical URL. */
export function urlExpressions(url: CanonicalUrl): string[] {
  const out: string[] = [];
  for (const h of hostVariants(url.host, url.hostIsIp)) {
    for (const p of pathVariants(url.path, url.query)) out.push(h + p);
  }
  return out;
}
