// The `vigie` command tree. Each sub-command's grammar (arguments, options, defaults, help,
// examples) is in grammar/ and is light to load; its body, in commands/, is imported only
// when it runs, so that `vigie hash` opens no database and `vigie serve --help` loads
// neither the server nor the image decoder.
import { Command, type Option } from 'commander';
import * as apikeyCreate from './grammar/apikey-create.js';
import * as bankExport from './grammar/bank-export.js';
import * as bankImport from './grammar/bank-import.js';
import * as bankList from './grammar/bank-list.js';
import * as cybertip from './grammar/cybertip.js';
import * as hash from './grammar/hash.js';
import * as migrate from './grammar/migrate.js';
import * as platformAdd from './grammar/platform-add.js';
import * as platformList from './grammar/platform-list.js';
import * as scan from './grammar/scan.js';
import * as serve from './grammar/serve.js';
import * as staffAdd from './grammar/staff-add.js';
import * as textScan from './grammar/text-scan.js';
import * as vaultMigrate from './grammar/vault-migrate.js';
import * as vaultRotateKey from './grammar/vault-rotate-key.js';
import * as verify from './grammar/verify.js';
import * as webhooksReplay from './grammar/webhooks-replay.js';

export function buildProgram(): Command {
  // Settings made here are copied to every sub-command created with .command().
  const program = new Command('vigie')
    .description('vigie: child-safety enforcement engine')
    .usage('<command> [options]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ optionDescription })
    .addHelpText('after', '\nRun "vigie help <command>" or "vigie <command> --help" for its options and examples.\n');

  serve.register(program);
  migrate.register(program);
  verify.register(program);
  const platform = program.command('platform').description('the platforms this vigie serves (one, "default", needs no setup)');
  platformAdd.register(platform);
  platformList.register(platform);
  apikeyCreate.register(program.command('apikey').description('platform API keys'));
  const bank = program.command('bank').description('hash banks: import, export, list');
  bankImport.register(bank);
  bankExport.register(bank);
  bankList.register(bank);
  scan.register(program);
  hash.register(program);
  staffAdd.register(program.command('staff').description('staff users of the review console'));
  webhooksReplay.register(program.command('webhooks').description('webhook deliveries'));
  textScan.register(program.command('text').description('text and link signals'));
  const vault = program.command('vault').description('the evidence vault: sealed media and preserved snapshots');
  vaultMigrate.register(vault);
  vaultRotateKey.register(vault);
  cybertip.register(program.command('cybertip').description('NCMEC CyberTipline reports: list, build the document'));

  for (const command of descendants(program)) {
    command.showHelpAfterError(`(run "${path(command)} --help" for usage and examples)`);
    checkRequiredAfterUnknown(command);
  }
  return program;
}

const required = new WeakSet<Option>();

/**
 * Commander checks required options before unknown ones, so `--nmae x` would be told that
 * --name is missing rather than be offered --name. The check is moved to just before the
 * action, after commander has looked at unknown options and arguments.
 */
function checkRequiredAfterUnknown(command: Command): void {
  const options = command.options.filter((o) => o.mandatory);
  for (const o of options) {
    o.mandatory = false;
    required.add(o);
  }
  if (options.length === 0) return;
  command.hook('preAction', (_program, action) => {
    const missing = options.find((o) => action.getOptionValue(o.attributeName()) === undefined);
    if (missing) action.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
  });
}

/**
 * Commander's option description, with "required" (see above) and defaults that are only
 * described (they come from the environment, or from elsewhere in vigie), and without
 * the "default: false" of every flag.
 */
function optionDescription(option: Option): string {
  const extra: string[] = [];
  if (required.has(option)) extra.push('required');
  if (option.argChoices) extra.push(`choices: ${option.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
  if (option.defaultValueDescription) extra.push(`default: ${option.defaultValueDescription}`);
  else if (option.defaultValue !== undefined && option.defaultValue !== false) extra.push(`default: ${JSON.stringify(option.defaultValue)}`);
  return extra.length === 0 ? option.description : `${option.description} (${extra.join(', ')})`;
}

function* descendants(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* descendants(sub);
}

function path(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
