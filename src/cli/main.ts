#!/usr/bin/env node
// The `vigie` command: each sub-command lives in its own file under commands/ and is
// loaded only when called, so that `vigie hash` does not open a database and
// `vigie serve` does not load the image decoder until it needs it.
import { commands } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return first ? 0 : 2;
  }
  // Two-word commands ("staff add", "bank import") are looked up before one-word ones.
  const two = second ? commands[`${first} ${second}`] : undefined;
  const entry = two ?? commands[first];
  if (!entry) {
    process.stderr.write(`vigie: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  const rest = argv.slice(two ? 2 : 1);
  const mod = await entry.load();
  return mod.run(rest);
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  vigie ${name.padEnd(16)} ${c.summary}`);
  return `vigie — child-safety enforcement engine\n\nCommands:\n${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`vigie: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
