// The command line of `vigie text scan`. `describe` is also used by the body's `scan(args, io)`,
// which parses its own arguments when it is called directly.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { examples } from '../help.js';
import { wholeNumber } from '../options.js';

export interface TextScanOptions {
  rules?: string;
  terms?: string[];
  urlBank?: string[];
  expandShorteners: boolean;
  maxConversations: number;
  printDefaultRules: boolean;
}

const FORMATS = `
Input lines:  {"id", "text", "conversation"?, "from"?, "to"?, "at"?, "recipientIsMinor"?, "senderIsMinor"?,
               "senderBirthYear"?, "recipientBirthYear"?, "senderAgeBand"?, "recipientAgeBand"?,
               "senderAccountAgeDays"?, "senderNewContacts"?, "lang"?}
Output lines: {"id", "signals": [{"family", "clause", "strength", ...}], "links": [...], ...,
               "review": {"caseId", "opened"} or null (what ingest would send to a person)}
              or {"id", "line", "error"} for a line that cannot be read
URL bank formats: plain, iwf, sha256
Exit status: 0 when every line was read, 1 when some were bad, 2 when the options, rules or lists cannot be used.
`;

/** A repeatable NAME=VALUE option; the pairs are split by the body. */
function pair(flag: string, shape: string): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError(`${flag} takes ${shape} (NAME=VALUE).`);
    return [...(previous ?? []), value];
  };
}

export function describe(command: Command): Command {
  return command
    .description('text and link signals for messages read as JSON lines on stdin, one JSON line out per message')
    .option('--rules <file>', 'an operator rules file (JSON) instead of the default rules')
    .addOption(new Option('--terms <name=file>', 'a term list the rules name; repeat for several').argParser(pair('--terms', 'NAME=FILE')))
    .addOption(
      new Option('--url-bank <name=format:file>', 'a URL bank links are looked up in; repeat for several').argParser(pair('--url-bank', 'NAME=FORMAT:FILE')),
    )
    .option('--expand-shorteners', 'follow short links (network access) and look where they lead up in the URL banks', false)
    .addOption(
      new Option('--max-conversations <n>', 'conversations kept in memory; the oldest is dropped past this')
        .argParser(wholeNumber('--max-conversations', 1))
        .default(100_000),
    )
    .option('--print-default-rules', 'print the default rules file and exit: a start for your own', false)
    .addHelpText(
      'after',
      FORMATS +
        examples(
          ['vigie text scan < messages.jsonl > results.jsonl', 'the default rules'],
          [
            'vigie text scan --rules rules.json --terms local=terms.txt --url-bank iwf=iwf:urls.csv < messages.jsonl',
            'your own rules, a term list and a URL bank',
          ],
          ['vigie text scan --print-default-rules > rules.json', 'start your own rules from the defaults'],
        ),
    );
}

export function register(parent: Command): Command {
  return describe(parent.command('scan')).action(async (options: TextScanOptions) => {
    const { run } = await import('../commands/text-scan.js');
    process.exitCode = await run(options);
  });
}
