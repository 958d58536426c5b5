// Locates ../shared (the reference fixtures beside the project). Tests that need it skip
// with a clear message on a fresh clone without it, and fail when CI is set.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve, join, dirname, isAbsolute } from 'node:path';

/** Beside the checkout this one was cloned from, when that is a local folder (a clone made for a CI run). */
function besideOrigin(): string | undefined {
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // `git clone . DIR` records the origin as "/path/to/checkout/.".
    return isAbsolute(origin) ? join(dirname(resolve(origin)), 'shared') : undefined;
  } catch {
    return undefined;
  }
}

const isShared = (dir: string | undefined): dir is string => dir !== undefined && existsSync(join(dir, 'DESIGN.md'));

const besideHere = resolve(process.cwd(), '..', 'shared');
const candidate = process.env.VIGIE_SHARED ?? (isShared(besideHere) ? besideHere : (besideOrigin() ?? besideHere));

export const sharedDir: string | undefined = isShared(candidate) ? candidate : undefined;

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
