// A flag that takes one value, given twice (`--out a --out b`), was silently last-wins: an agent
// that appends flags by mistake sent what it did not mean (s13 audit L4). Now it is bad usage,
// naming the flag. Commander emits `option:<name>` for each value typed on the command line (not
// for a default or an environment value), so counting those finds a flag given twice.
import type { Command } from "commander";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";

export const repeated = (flag: string) => new UsageError(`${flag} was given twice; it takes one value`, { code: CODE.repeatedFlag, field: flag });

/** Refuses, in `cmd` and every command under it, a flag with one value given more than once. */
export function refuseRepeatedFlags(cmd: Command): void {
  for (const opt of cmd.options) {
    if (!(opt.required || opt.optional) || opt.variadic) continue;
    let seen = false;
    cmd.on(`option:${opt.name()}`, () => {
      if (seen) throw repeated(opt.long ?? opt.flags);
      seen = true;
    });
  }
  for (const sub of cmd.commands) refuseRepeatedFlags(sub);
}
