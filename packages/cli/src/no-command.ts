// `monet --json` or `monet pipeline --json` with no command: commander shows the help and ends,
// which --json silences, so it read as success with no result (exit 0, nothing printed; s13 audit
// M5). With --json it is bad usage, naming the commands there are.
import type { Command } from "commander";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";

/** The command the words of argv reach (`monet --json pipeline` reaches `pipeline`), and its path. */
export function reached(program: Command, argv: string[]): { cmd: Command; words: string[] } {
  let cmd = program;
  const words = [program.name()];
  for (const a of argv) {
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) continue;
    cmd = next;
    words.push(next.name());
  }
  return { cmd, words };
}

/** The usage error for a command that needs a subcommand and was given none. */
export function noCommand(program: Command, argv: string[]): UsageError {
  const { cmd, words } = reached(program, argv);
  const names = cmd.commands.map((c) => c.name());
  return new UsageError(`name a command: ${words.join(" ")} <command>, one of ${names.join(", ")}`, { code: CODE.missingArgument, allowed: names });
}
