// What a process runs (HMA's process roles): `api` serves HTTP, `worker` takes jobs from
// the queue, `indexer` keeps the bank index and the registries in step with the database.
// One process runs all three by default; a large platform runs several processes of each.
export const ROLES = ['api', 'worker', 'indexer'] as const;
export type Role = (typeof ROLES)[number];

/** "api,worker" → ['api', 'worker']; an unknown role is refused with the list of known ones. */
export function parseRoles(raw: string): Role[] {
  const names = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`give at least one role (${ROLES.join(', ')})`);
  for (const n of names) if (!(ROLES as readonly string[]).includes(n)) throw new Error(`unknown role "${n}"; roles: ${ROLES.join(', ')}`);
  return [...new Set(names)] as Role[];
}
