// "This subject belongs to one of these platforms", as SQL that reads the same on both
// stores: a platform's ids carry "<platform>\u001f" in front, the default platform's none
// (src/moderation/platform-ids.ts). The separator is no LIKE wildcard.
import { sql, type RawBuilder } from 'kysely';
import { DEFAULT_PLATFORM, PLATFORM_SEPARATOR } from '../moderation/platform-ids.js';

export function ownedByOneOf(column: string, platforms: readonly string[]): RawBuilder<boolean> {
  if (platforms.length === 0) return sql<boolean>`1 = 0`;
  const ref = sql.ref(column);
  const parts = platforms.map((p) =>
    p === DEFAULT_PLATFORM ? sql`${ref} not like ${`%${PLATFORM_SEPARATOR}%`}` : sql`substr(${ref}, 1, ${p.length + 1}) = ${p + PLATFORM_SEPARATOR}`,
  );
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}
