// The long flags a command's parser accepts, read from commander's own definitions: the command's
// options, its help option, and those of the commands above it (--json, --base-url), as its
// --help lists them. `generate` and `api` read the rest of their flags themselves (a model's
// inputs, an operation's parameters): a flag neither knows is refused naming both lists, and the
// suggestion is picked from the same names, so it is always one the error lists.
import type { Command } from "commander";

export function commandFlags(cmd: Command): string[] {
  const help = cmd.createHelp();
  return [...help.visibleOptions(cmd), ...help.visibleGlobalOptions(cmd)].flatMap((o) => (o.long ? [o.long] : []));
}
