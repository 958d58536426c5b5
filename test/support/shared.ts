// Locates ../shared (the reference fixtures beside the project). Tests that need it skip
// with a clear message on a fresh clone without it, and fail when CI is set.
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';

const candidate = process.env.VIGIE_SHARED ?? resolve(process.cwd(), '..', 'shared');

export const sharedDir: string | undefined = existsSync(join(candidate, 'DESIGN.md')) ? candidate : undefined;

/** Value for node:test's `skip` option: false when shared/ is present, a reason otherwise. */
export function skipWithoutShared(): false | string {
  if (sharedDir) return false;
  if (process.env.CI) throw new Error(`CI is set but the shared fixtures are missing at ${candidate}`);
  return `shared fixtures not found at ${candidate} (set VIGIE_SHARED); skipped`;
}

export function sharedPath(...parts: string[]): string {
  if (!sharedDir) throw new Error('shared fixtures are not available');
  return join(sharedDir, ...parts);
}
