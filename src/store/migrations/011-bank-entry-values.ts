// A bank entry whose value is too long to be its own key. A vPDQ entry is a video's list
// of frame hashes, tens of kilobytes for a long clip, while a unique index entry is capped
// (about 2.7 kB on PostgreSQL): such an entry keeps the SHA-256 of its value in `hash`,
// which stays the unique key, and the value itself here. Null for every other type.
import type { Kysely } from 'kysely';

export function bankEntryValues() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('bank_entries').addColumn('value', 'text').execute();
    },
  };
}
