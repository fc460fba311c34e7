// Control characters a server put in its text: an ESC or a C1 CSI starts a terminal sequence that
// clears a screen, recolours it or hides a link (OSC 8), and a newline forges a log line. They are
// escaped (`\x1b`) in the message, code and request id the client builds from that text, so a
// service that logs them to a terminal shows them instead of running them; the raw text stays on
// the error's data (`details`, `task.error`). Every sequence (hidden-key.ts's TERMINAL_SEQUENCE)
// starts with one of them, so escaping each character is enough: its parameters stay as plain text.

import type { MonetError } from "./errors.js";

/** C0, DEL and C1: the Unicode class of control characters. */
const CONTROL = /\p{Cc}/gu;

/** `s` with each control character as `\xHH`; a text without one comes back equal. */
export const escapeControls = (s: string) => s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

/** `e` with its message (in its stack too), code and request id escaped. */
export function escapeErrorControls<E extends MonetError>(e: E): E {
  const message = escapeControls(e.message);
  if (message !== e.message) {
    // A function, so `$&` in the text is not read as a pattern.
    if (e.stack) e.stack = e.stack.replace(e.message, () => message);
    e.message = message;
  }
  const w = e as { code?: string; requestId?: string };
  if (typeof w.code === "string") w.code = escapeControls(w.code);
  if (typeof w.requestId === "string") w.requestId = escapeControls(w.requestId);
  return e;
}
