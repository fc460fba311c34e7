// What reaches the terminal. Task ids, URLs, error messages and model text come from a server;
// a control sequence in them could rewrite the screen or, with OSC 52, the clipboard. Human
// output is stripped of them; JSON output escapes them (JSON.stringify leaves C1 and bidi raw).
// And whatever a server sends, the API key is taken out of every write (redactWrites).
import { INVISIBLE_CHARACTERS, redactHidden, TERMINAL_SEQUENCE } from "@monet-ai/client/outputs";

// After whole terminal sequences (the client's TERMINAL_SEQUENCE, so their parameters go too),
// any control left: C0 except \n and \t, DEL, C1, and the bidi overrides that reorder text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every terminal control sequence and control character removed (\n and \t stay). */
export function clean(s: string): string {
  return String(s).replace(TERMINAL_SEQUENCE, "").replace(CONTROL, "");
}

/** `clean`, on one line: for ids, URLs and messages, where a newline could fake a line ("saved ..."). */
export function oneLine(s: string): string {
  return clean(s).replace(/[\n\t]+/g, " ");
}

const ESCAPE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/** The API key, once redactWrites knows it: JSON output is scrubbed of it before it is written. */
let secret: string | undefined;

/**
 * `s` without the key, however a server hid it (the client's redactHidden): split by characters
 * that show as nothing, it reads as the key on screen, and in JSON the escapes (`\u0007`) keep
 * the write-level redaction from seeing it. `text`: a write for the terminal.
 */
export const hideKey = (s: string, text = false): string => (secret ? redactHidden(s, secret, "[redacted]", text) : s);

// Every character that does not show as itself: what the client's redactHidden reads as invisible
// (controls, newline and tab too, format characters such as bidi marks and zero-width ones, every
// default-ignorable one, the Hangul fillers), line and paragraph separators; and the backslash, so
// an escape read back is never ambiguous.
const UNSEEN = new RegExp(`[\\\\\\p{Zl}\\p{Zp}${INVISIBLE_CHARACTERS}]`, "gu");
const hex = (c: string, width: number) => (c.codePointAt(0) ?? 0).toString(16).padStart(width, "0");

/**
 * `s` with every character that would not show as itself written as `\uXXXX` (`\u{XXXXX}` above
 * the BMP; a backslash as
 * `\\`): for a table cell holding an id, where stripping `task_\u202egnp.exe` would show
 * `task_gnp.exe`, another id a user could copy (s19 audit F12).
 */
export const visible = (s: string): string =>
  // The key first: hidden by a control character, it would reach the screen with that escape inside.
  hideKey(String(s), true).replace(UNSEEN, (c) => (c === "\\" ? "\\\\" : c.length > 1 ? `\\u{${hex(c, 1)}}` : `\\u${hex(c, 4)}`));

/** Every string of `value`, keys too, through hideKey. */
function scrub(value: unknown): unknown {
  if (typeof value === "string") return hideKey(value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [hideKey(k), scrub(v)]));
  return value;
}

/** JSON for stdout: the data intact (the key aside), with the characters a terminal would act on written as \uXXXX. */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(secret ? scrub(value) : value, null, indent).replace(ESCAPE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One value per line (JSON Lines), escaped like `safeJson`. */
export const safeJsonLine = (value: unknown) => safeJson(value, 0);

/**
 * Every write to stdout and stderr (console, commander, the progress bar) with `key` replaced by
 * `[redacted]`, as the client does: a server may echo the key where the client cannot see it (a
 * header, or split by a control character that `clean` then removes), so the last step redacts.
 */
export function redactWrites(key: string | undefined) {
  if (!key) return;
  secret = key;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : undefined;
      // hideKey: a key split by a zero-width space would show whole on screen, past a plain replace.
      const scrubbed = text === undefined ? text : hideKey(text, true);
      return write(scrubbed === text ? chunk : scrubbed, ...rest);
    }) as typeof stream.write;
  }
}

/** Whether stderr is a terminal that acts on cursor sequences: not TERM=dumb (Emacs' shell, some CI ptys), which would show them raw. */
export const liveTerminal = () => process.stderr.isTTY === true && process.env.TERM !== "dumb";
