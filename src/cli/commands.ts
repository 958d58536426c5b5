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
  'bank import': { summary: 'import a hash list into a bank (--name NAME [--verified] [--format F] FILE)', load: () => import('./commands/bank-import.js') },
  'bank export': { summary: "print a bank's hashes (--name NAME [--format F])", load: () => import('./commands/bank-export.js') },
  'bank list': { summary: 'list the banks with their provenance and sizes', load: () => import('./commands/bank-list.js') },
  scan: { summary: 'walk a folder and print the files that match a bank (DIR --bank NAME)', load: () => import('./commands/scan.js') },
  hash: { summary: 'PDQ-hash image files: pdq,quality,path per file (--dihedral, --md5, --sha256)', load: () => import('./commands/hash.js') },
  'staff add': { summary: 'create a staff user (--username U --role R [--name N] [--password-stdin]); prints the TOTP enrolment URI', load: () => import('./commands/staff-add.js') },
  'webhooks replay': { summary: 'send webhook deliveries again with their idempotency keys (--id ID | --all-dead [--endpoint ID])', load: () => import('./commands/webhooks-replay.js') },
  'text scan': { summary: 'text and link signals for JSON-lines messages on stdin (--rules, --terms NAME=FILE, --url-bank)', load: () => import('./commands/text-scan.js') },
};
