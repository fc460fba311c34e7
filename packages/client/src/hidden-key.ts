// A key a server hides from a plain search: split by characters that show as nothing (a bell, a
// zero-width space, a terminal sequence), or quoted with those characters as JSON escapes
// (`\u0007`). It still reads as the key on a screen, to a JSON parser and to an agent. Tools that
// show what a server sent (the CLI, the MCP server) take it out with `redactHidden`, by the rule
// of key-run.ts (any run of half the key or more); the client's own redaction at start takes the
// key whole or cut at its end (secret.ts: its start-up bytes are budgeted).
import { hideKeyRuns } from "./key-run.js";

/**
 * Terminal sequences, whole, so their parameters go too: CSI (7- and 8-bit), then OSC, DCS, SOS,
 * PM and APC up to their terminator (BEL or ST), then any other two-byte ESC sequence. A string
 * sequence without its terminator matches only its introducer: its text stays visible, so an
 * unterminated `ESC ]` cannot swallow what follows it (the CLI's own resume command, once).
 */
export const TERMINAL_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control sequences is the point.
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-~]?/g;
/**
 * Characters that show as nothing: control and format characters (a zero-width space, a bidi
 * mark), every default-ignorable one (a combining grapheme joiner U+034F, a variation selector
 * U+FE0F), and the Hangul fillers, which render blank (U+115F, U+1160, U+3164, U+FFA0): the
 * body of a `u`-flag character class, which the CLI's escaping of ids reads too.
 */
export const INVISIBLE_CHARACTERS = "\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u115F\\u1160\\u3164\\uFFA0";
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARACTERS}]`, "gu");
/** The same, line breaks and tabs aside: in text for a terminal they show. */
const INVISIBLE_IN_TEXT = new RegExp(`(?![\\n\\t])[${INVISIBLE_CHARACTERS}]`, "gu");
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
/** `s` with every run of the key (key-run.ts) replaced by `mark`. */
const maskKey = hideKeyRuns;

/**
 * `s` with `key` replaced by `mark`, as sent or hidden (see above), whole or any run of half of it (key-run.ts).
 * A string hiding it loses what hid it (its escapes decoded, its invisible characters and terminal
 * sequences gone); any other comes back as it was. `text`: `s` is text for a terminal, whose line
 * breaks and tabs show.
 */
export function redactHidden(s: string, key: string, mark: string, text = false): string {
  const plain = maskKey(s, key, mark);
  const bare = plain
    .replace(JSON_ESCAPE, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(TERMINAL_SEQUENCE, "")
    .replace(text ? INVISIBLE_IN_TEXT : INVISIBLE, "");
  const masked = maskKey(bare, key, mark);
  return masked === bare ? plain : masked;
}
