// Who may do what. Roles follow how a trust-and-safety team splits its work: triage sorts
// and routes but never decides; reviewers decide and are the only ones (with their leads)
// who look at media; a second, senior person confirms an exception; legal files the
// reports the law requires and keeps evidence; only admins change who has access and how
// platforms connect. docs/roles.md states the same table in words and must stay true to it.

export const ROLES = ['admin', 'policy_lead', 'reviewer', 'triage', 'legal'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'staff:manage',
  'apikeys:manage',
  'webhooks:manage',
  'banks:manage',
  'log:read',
  'queue:read',
  'case:assign',
  'case:decide',
  'case:escalate',
  'exception:confirm',
  'media:reveal',
  'cybertip:file',
  'hold:manage',
  'export:make',
  'policy:edit',
  'appeal:decide',
  'stats:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // A small platform's operator is often its lead moderator too, so the admin holds every
  // permission; what an admin reveals or decides is logged like anyone else's.
  admin: PERMISSIONS,
  policy_lead: [
    'log:read',
    'queue:read',
    'case:assign',
    'case:decide',
    'case:escalate',
    'exception:confirm',
    'media:reveal',
    'export:make',
    'policy:edit',
    'appeal:decide',
    'stats:read',
  ],
  // Appeals go to "another reviewer", so deciding them is a reviewer's job; that it is a
  // different person from the first decision is checked where appeals are decided.
  reviewer: ['queue:read', 'case:decide', 'case:escalate', 'media:reveal', 'appeal:decide', 'stats:read'],
  // Triage works from reports, signals and blurred previews: exposure to material is kept
  // to the people trained and supported to decide on it.
  triage: ['queue:read', 'case:assign', 'case:escalate', 'stats:read'],
  // Legal files from the reviewer's decision and the preserved files without viewing them,
  // and needs the audit trail for chain of custody.
  legal: ['log:read', 'queue:read', 'cybertip:file', 'hold:manage', 'export:make', 'stats:read'],
};

const TABLE: ReadonlyMap<Role, ReadonlySet<Permission>> = new Map(ROLES.map((r) => [r, new Set(GRANTS[r])]));

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Unknown roles (a row written by a newer version, a typo in the database) get nothing. */
export function can(role: string, permission: Permission): boolean {
  return isRole(role) && TABLE.get(role)!.has(permission);
}

export function permissionsOf(role: string): Permission[] {
  return isRole(role) ? PERMISSIONS.filter((p) => TABLE.get(role)!.has(p)) : [];
}
