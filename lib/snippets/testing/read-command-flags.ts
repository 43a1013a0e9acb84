/** A command line split into its words, its `--name=value` flags and its other words, for tests. */
export interface CommandLine {
  words: string[];
  flags: Map<string, string[]>;
  positional: string[];
}

/**
 * Splits a generated command line on spaces, which is enough for the snippets because every path
 * and reference in them is a plain word. A flag may repeat, so each maps to all its values.
 */
export function readCommandFlags(command: string): CommandLine {
  const words = command.trim().split(/\s+/);
  const flags = new Map<string, string[]>();
  const positional: string[] = [];

  for (const word of words) {
    const match = /^(--[\w-]+)=(.*)$/.exec(word);
    if (match) flags.set(match[1], [...(flags.get(match[1]) ?? []), match[2]]);
    else positional.push(word);
  }
  return { words, flags, positional };
}

/** Finds the one command that contains `needle`, or throws listing the commands. */
export function findCommand(commands: readonly string[], needle: string): string {
  const found = commands.filter((command) => command.includes(needle));
  if (found.length !== 1) throw new Error(`expected one command with "${needle}", found ${found.length} in:\n${commands.join("\n")}`);
  return found[0];
}
