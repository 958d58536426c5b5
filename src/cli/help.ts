// The examples block every command's --help ends with.
export function examples(...lines: [command: string, why: string][]): string {
  const body = lines.map(([command, why]) => `  # ${why}\n  $ ${command}`).join('\n\n');
  return `\nExamples:\n${body}\n`;
}
