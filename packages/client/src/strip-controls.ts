// Control characters a server put in its text: an ESC or a C1 CSI starts a terminal sequence that
// clears a screen, recolours it or hides a link (OSC 8), and a newline forges a log line. They are
// taken out of the message, code and request id the client builds from that text, as the CLI takes
// them out of what it prints: each terminal sequence whole with its parameters (hidden-key.ts's
// TERMINAL_SEQUENCE, the one definition), then any control character left, a newline or a tab
// becoming a space so words stay apart. Format characters (a bidi override, a zero-width space) are
// escaped instead, as `\u202e`: raw, `blocked <RLO>fdp.exe` showed as "blocked exe.pdf" in a log,
// and taken out, `task_<RLO>gpj.exe` would read as another plausible id (`task_gpj.exe`); escaped,
// the text says what the server sent, as the CLI's lists and the MCP server show them. The raw text
// stays on the error's data (`details`, `task.error`).

import type { MonetError } from "./errors.js";
import { TERMINAL_SEQUENCE } from "./hidden-key.js";

/** C0, DEL and C1: the Unicode class of control characters. */
const CONTROL = /\p{Cc}/gu;
/** Format characters: bidi marks, zero-width ones, a soft hyphen. */
const FORMAT = /\p{Cf}/gu;

/** `s` without terminal sequences and control characters (a newline or tab as a space), its format characters escaped (`\u202e`); a text without one comes back equal. */
export const stripControls = (s: string) =>
  s
    .replace(TERMINAL_SEQUENCE, "")
    .replace(CONTROL, (c) => (c === "\n" || c === "\t" ? " " : ""))
    // Above the BMP (Unicode tags, which can spell hidden text) as `\u{e0069}`, the CLI's form:
    // one UTF-16 unit of it would show every tag as the same `\udb40`.
    .replace(FORMAT, (c) => {
      const hex = (c.codePointAt(0) as number).toString(16);
      return c.length > 1 ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
    });

/** `e` with its message (in its stack too), code and request id stripped of them. */
export function stripErrorControls<E extends MonetError>(e: E): E {
  const message = stripControls(e.message);
  if (message !== e.message) {
    // A function, so `$&` in the text is not read as a pattern.
    if (e.stack) e.stack = e.stack.replace(e.message, () => message);
    e.message = message;
  }
  const w = e as { code?: string; requestId?: string };
  if (typeof w.code === "string") w.code = stripControls(w.code);
  if (typeof w.requestId === "string") w.requestId = stripControls(w.requestId);
  return e;
}
