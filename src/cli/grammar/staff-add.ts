// The command line of `vigie staff add`. Loading argon2 and the store waits for the body.
import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../../services/staff/roles.js';
import { examples } from '../help.js';
import { dataOption, type DataOptions } from '../options.js';

export interface StaffAddOptions extends DataOptions {
  username: string;
  role: Role;
  name?: string;
  passwordStdin?: boolean;
  platform?: string[];
}

export function register(parent: Command): Command {
  return parent
    .command('add')
    .description('create a staff user (how the first admin comes to exist) and print the TOTP enrolment URI once')
    .requiredOption('--username <name>', 'sign-in name (lower-cased)')
    .addOption(new Option('--role <role>', 'what the user may do (docs/roles.md)').choices(ROLES).makeOptionMandatory())
    .option('--name <display name>', 'name shown to other staff')
    .option('--password-stdin', 'read the password from the first line of stdin instead of asking for it without echo', false)
    .option('--platform <id...>', 'limit the user to these platforms (vigie platform list); repeat or list several', undefined)
    .addOption(dataOption())
    .addHelpText(
      'after',
      examples(
        ['vigie staff add --username alice --role admin --name "Alice Martin"', 'asks for the password twice on the terminal'],
        ['pass show vigie/bob | vigie staff add --username bob --role reviewer --password-stdin', 'the password from a password manager'],
        ['vigie staff add --username carol --role reviewer --platform forum-2', 'a reviewer who sees only the forum-2 platform'],
      ) + '\nThe enrolment URI is as secret as the password: open it in an authenticator app, then discard it.\n',
    )
    .action(async (options: StaffAddOptions) => {
      const { run } = await import('../commands/staff-add.js');
      process.exitCode = await run(options);
    });
}
