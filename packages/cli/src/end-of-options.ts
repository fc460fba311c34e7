// POSIX `--` ends the options: every word after it is an operand, never a flag. Commander honours
// it for commands with declared arguments (`monet get -- -rf`), but `generate` and `api` read their
// own flags (model inputs, operation parameters) from the words commander leaves them, and on the
// way commander drops the `--` or parses what follows it again: `generate image --model m --
// --prompt hi` created a paid task with that prompt (s19 audit F2). For those commands the words
// after the `--` are cut off before commander sees them, and refused as unexpected arguments.
import type { Command } from "commander";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";

export interface SplitArgv {
  /** The words commander parses: everything before the `--`. */
  argv: string[];
  /** The words after the `--` (none when there is no `--`, or the command reads them itself). */
  after: string[];
}

/** The long flags of `cmd` that take a value (`--out <dir>`): the word after them is that value, even `--`. */
const valueFlags = (cmd: Command) => cmd.options.filter((o) => (o.required || o.optional) && o.long).map((o) => o.long as string);

/**
 * `argv` (the words after `monet`) split at the `--` that ends the options of one of `commands`
 * (the commands that read the rest of their words themselves). Other commands keep their `--`:
 * commander handles it.
 */
export function endOfOptions(program: Command, argv: string[], commands: readonly Command[]): SplitArgv {
  const globals = valueFlags(program);
  let cmd: Command | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") return cmd ? { argv: argv.slice(0, i), after: argv.slice(i + 1) } : { argv, after: [] };
    if (a.startsWith("-")) {
      // A flag's value is not a `--` that ends the options (`--out --` names a folder "--").
      if ([...globals, ...(cmd ? valueFlags(cmd) : [])].includes(a)) i++;
      continue;
    }
    if (cmd) continue;
    // The first operand names the command: only those listed are split here.
    cmd = commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!cmd) return { argv, after: [] };
  }
  return { argv, after: [] };
}

/** The refusal of words after `--` for a command whose operands all come before it (exit 2, before anything is sent). */
export function refuseAfterEnd(after: readonly string[], command: string): void {
  if (!after.length) return;
  throw new UsageError(
    `unexpected argument ${JSON.stringify(after[0])} after --: every word after -- is an operand, never a flag, and monet ${command} takes none there (put its flags before --). Nothing was sent.`,
    { hint: false, code: CODE.unexpectedArgument, field: after[0] },
  );
}
