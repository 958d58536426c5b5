// Platforms as owners. One vigie may serve several platforms; each API key and webhook
// endpoint belongs to one, and a staff member may be limited to some. Existing rows belong
// to the default platform, which needs no configuration, so a single-platform deployment
// sees no change. Accounts and content need no column: their ids carry the platform
// (src/moderation/platform-ids.ts).
import { sql, type Kysely } from 'kysely';

export function platforms() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('platforms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into platforms (id, name, created_at) values ('default', 'Default platform', '1970-01-01T00:00:00.000Z')`.execute(db);
      await db.schema
        .alterTable('api_keys')
        .addColumn('platform_id', 'text', (c) => c.notNull().defaultTo('default'))
        .execute();
      await db.schema
        .alterTable('webhook_endpoints')
        .addColumn('platform_id', 'text', (c) => c.notNull().defaultTo('default'))
        .execute();
      await db.schema.createIndex('webhook_endpoints_platform').on('webhook_endpoints').columns(['platform_id', 'active']).execute();
      // A JSON array of platform ids the staff member may see; null: every platform.
      await db.schema.alterTable('staff_users').addColumn('platforms_json', 'text').execute();
    },
  };
}
