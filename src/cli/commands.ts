// The table of sub-commands. Each module exports `run(args): Promise<number>` (the exit code).
export interface CommandModule {
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
  serve: { summary: 'start the API (--port N, --data DIR; DATABASE_URL for PostgreSQL)', load: () => import('./commands/serve.js') },
  migrate: { summary: 'apply pending database migrations', load: () => import('./commands/migrate.js') },
  verify: { summary: 'check the moderation log: hashes, links, cached state', load: () => import('./commands/verify.js') },
  'apikey create': { summary: 'create a platform API key (--name NAME); prints it once', load: () => import('./commands/apikey-create.js') },
  hash: { summary: 'PDQ-hash image files: pdq,quality,path per file (--dihedral, --md5, --sha256)', load: () => import('./commands/hash.js') },
  'staff add': { summary: 'create a staff user (--username U --role R [--name N] [--password-stdin]); prints the TOTP enrolment URI', load: () => import('./commands/staff-add.js') },
  'text scan': { summary: 'text and link signals for JSON-lines messages on stdin (--rules, --terms NAME=FILE, --url-bank)', load: () => import('./commands/text-scan.js') },
};
