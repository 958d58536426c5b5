// One vigie may serve several platforms (a host for many small forums or fediverse
// servers). Each platform names its accounts and content as it likes, so two platforms
// may both have an account "42": inside vigie an id is made unique by its platform.
//
// The default platform's ids are kept as the platform sent them, so that a single-platform
// deployment needs no configuration and its existing data and log stay as they are. Any
// other platform's ids are stored as "<platform>\u001f<id>": the unit separator is a
// control character that the API refuses in every id (src/http/schemas/strings.ts), so a
// platform's own id can never look like another platform's, and the hash chain's format
// does not change. Views, webhook messages and answers strip it again.

export const DEFAULT_PLATFORM = 'default';

/** Between the platform and its own id in an internal id. */
export const PLATFORM_SEPARATOR = '\u001f';

/** A platform id: short, lower case, safe in a URL, a log line and a file name. */
export const PLATFORM_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** The subjects a platform owns (named by its own ids); the others (banks, staff, webhooks, cases…) are vigie's. */
export const PLATFORM_SUBJECT_KINDS = ['account', 'content'] as const;

export function isPlatformSubjectKind(kind: string): boolean {
  return kind === 'account' || kind === 'content';
}

/** The internal id of a platform's own id. */
export function scopedId(platform: string, id: string): string {
  return platform === DEFAULT_PLATFORM ? id : platform + PLATFORM_SEPARATOR + id;
}

/** The platform an internal id belongs to. */
export function platformOf(internalId: string): string {
  const at = internalId.indexOf(PLATFORM_SEPARATOR);
  return at < 0 ? DEFAULT_PLATFORM : internalId.slice(0, at);
}

/** The id as its platform knows it. */
export function externalId(internalId: string): string {
  const at = internalId.indexOf(PLATFORM_SEPARATOR);
  return at < 0 ? internalId : internalId.slice(at + 1);
}

/** True when the internal id is one of this platform's. */
export function ownedBy(platform: string, internalId: string): boolean {
  return platformOf(internalId) === platform;
}
