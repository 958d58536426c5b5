// Which platforms a staff member may see: every one (an operator's own staff, the
// single-platform default), or a list (a moderator a hosted platform brought along).
// Admin use cases take it so that a member limited to some platforms can manage only
// their keys and endpoints, and reads of the log show only their subjects.
import { DEFAULT_PLATFORM } from '../../moderation/platform-ids.js';
import { forbidden } from '../errors.js';

/** null: every platform. */
export type PlatformAccess = readonly string[] | null;

export const EVERY_PLATFORM: PlatformAccess = null;

/** Managing staff, or anything that is not one platform's, needs a member who sees every platform. */
export function requireEveryPlatform(access: PlatformAccess, what: string): void {
  if (access !== null) throw forbidden(`${what} needs a staff member who sees every platform`);
}

export function sees(access: PlatformAccess, platform: string): boolean {
  return access === null || access.includes(platform);
}

/** The platform a request means: the one it names, or the member's only platform, or the default. */
export function platformMeant(access: PlatformAccess, named: string | undefined): string {
  const platform = named ?? (access !== null && access.length === 1 ? access[0]! : DEFAULT_PLATFORM);
  if (!sees(access, platform)) throw forbidden(`you may not act for the platform ${platform}`);
  return platform;
}
