#!/usr/bin/env node
// The `vigie` command. Usage errors (unknown command or option, a bad or missing value)
// exit 2, as they always have, so scripts can tell them from a command that ran and failed (1).
import { CommanderError, type Command } from 'commander';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(helpAsFlag(program, argv), { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  }
}

/**
 * `vigie help bank import` is `vigie bank import --help`; Commander's own help command
 * looks at one word only. A mistyped word is parsed without --help, so that Commander
 * names it and suggests the command meant, rather than printing the parent's help.
 */
function helpAsFlag(program: Command, argv: string[]): string[] {
  if (argv[0] !== 'help' || argv.length < 2) return argv;
  const words = argv.slice(1);
  let command = program;
  for (let i = 0; i < words.length && command.commands.length > 0; i++) {
    const next = command.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]!));
    if (!next) return words.slice(0, i + 1);
    command = next;
  }
  return [...words, '--help'];
}

// `vigie bank export | head`: the reader has gone, so there is no one to write to; stop
// quietly, as a command killed by SIGPIPE would, rather than crash with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`vigie: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
