// The server's lines on stderr (warnings, the MONET_LOG=debug log) go to the host's log, which a
// person reads in a terminal, as tool results are read: a terminal sequence, a bidi override or a
// zero-width character from a client's roots, an agent's argument or the API must not act there.
import { visible } from "./visible.js";

/**
 * A writer of one stderr line each: the key redacted first (its redactor sees through hidden
 * characters, which escaping would turn into visible text), then every character that would not
 * show as itself escaped (visible.ts), a line break too, so one entry stays one line.
 */
export const stderrLines =
  (redact: (s: string) => string) =>
  (line: string): void => {
    process.stderr.write(`${visible(redact(line)).replaceAll("\n", "\\n")}\n`);
  };
