// What reaches the terminal. Task ids, URLs, error messages and model text come from a server;
// a control sequence in them could rewrite the screen or, with OSC 52, the clipboard. Human
// output is stripped of them; JSON output escapes them (JSON.stringify leaves C1 and bidi raw).
// And whatever a server sends, the API key is taken out of every write (redactWrites).

// Whole sequences first, so their parameters go too: CSI (7- and 8-bit), then OSC, DCS, SOS,
// PM and APC up to their terminator (BEL or ST), then any other two-byte ESC sequence. A string
// sequence without its terminator loses only its introducer: its text stays visible, so an
// unterminated `ESC ]` cannot swallow what follows it (the CLI's own resume command, once).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control sequences is the point.
const SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|\x1b[ -/]*[0-~]?/g;
// Then any control left: C0 except \n and \t, DEL, C1, and the bidi overrides that reorder text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every terminal control sequence and control character removed (\n and \t stay). */
export function clean(s: string): string {
  return String(s).replace(SEQUENCE, "").replace(CONTROL, "");
}

/** `clean`, on one line: for ids, URLs and messages, where a newline could fake a line ("saved ..."). */
export function oneLine(s: string): string {
  return clean(s).replace(/[\n\t]+/g, " ");
}

const ESCAPE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/g;

/** JSON for stdout: the data intact, with the characters a terminal would act on written as \uXXXX. */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(ESCAPE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : undefined;
      return write(text?.includes(key) ? text.replaceAll(key, "[redacted]") : chunk, ...rest);
    }) as typeof stream.write;
  }
}
