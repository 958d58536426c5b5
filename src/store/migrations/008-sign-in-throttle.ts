// Throttling of staff sign-ins that holds across API processes: each failed sign-in whose
// factors were checked, by address and account (per-address throttling, locks from
// distributed attacks); the addresses each staff user has signed in from (their failures count
// towards a full lock, and a lock caused by unknown addresses does not stop them); and what
// a lock covers.
import type { Kysely } from 'kysely';

export function signInThrottle() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sign_in_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('address', 'text', (c) => c.notNull())
        // null for a username that does not exist
        .addColumn('staff_id', 'text')
        .addColumn('known_address', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_failures_address').on('sign_in_failures').columns(['address', 'at']).execute();
      await db.schema.createIndex('sign_in_failures_staff').on('sign_in_failures').columns(['staff_id', 'at']).execute();
      await db.schema.createIndex('sign_in_failures_at').on('sign_in_failures').column('at').execute();

      await db.schema
        .createTable('staff_known_addresses')
        .addColumn('staff_id', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('staff_known_addresses_pk', ['staff_id', 'address'])
        .execute();

      // 'all' or 'unknown' while locked_until is set (null on rows locked before: all).
      await db.schema.alterTable('staff_users').addColumn('lock_scope', 'text').execute();
    },
  };
}
