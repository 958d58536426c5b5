// The table of sub-commands. Each module exports `run(args): Promise<number>` (the exit code).
export interface CommandModule {
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
};
