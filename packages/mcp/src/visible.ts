// What reaches the agent's host as text. Several hosts are terminal programs that print tool
// results: a terminal sequence in an API's error (or in an argument echoed back) could clear the
// screen, set the title or, with OSC 52, write the clipboard, and a bidi override or zero-width
// character reorders or hides what the user reads. Every character that does not show as itself
// (the client's INVISIBLE_CHARACTERS, which covers ESC and every other control, bidi and
// zero-width ones; and line separators) is written as its \uXXXX escape, so it stays visible and
// inert. Newlines and tabs stay: they show.
import { INVISIBLE_CHARACTERS } from "@monet-ai/client/outputs";

const UNSEEN = new RegExp(`(?![\\n\\t])[\\p{Zl}\\p{Zp}${INVISIBLE_CHARACTERS}]`, "gu");

/** One UTF-16 unit as `\uXXXX`: inside a JSON string the same value, so JSON text stays valid and decodes to the same data. */
const escaped = (c: string) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

/** `s` with every character that would not show as itself escaped (see above). */
export const visible = (s: string): string => s.replace(UNSEEN, escaped);
