// The uploader's name for each media file (NCMEC's fileDetails/originalFileName), kept with
// the media row as the platform gave it: untrusted text, shown as text, never used as a path.
// Rows from before have none (the name was not kept), and NCMEC's element is optional.
import type { Kysely } from 'kysely';

export function originalFileNames() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('media').addColumn('original_file_name', 'text').execute();
    },
  };
}
