// JSON read from a user's file (--input, --body @file): a parse error says where, never what.
// V8's "Unexpected token" message quotes the start of the text ("ghp_SECRET"...): a key file
// named by mistake, or by a prompt-injected agent, would end up in the terminal and the logs.
import { UsageError } from "./errors.js";

/** Line and column (from 1) of a character offset. */
function lineColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * Where JSON.parse fails in `text`: V8 says "at position N" for most errors; for an unexpected
 * character it says only the character, so the place is found as the shortest prefix that
 * already fails for another reason than ending too soon.
 */
function failure(text: string, message: string): { what: string; at: number } {
  const pos = /in JSON at position (\d+)/.exec(message);
  // V8's own phrase before the position ("Expected ',' or ']' after array element") holds no text of the file.
  if (pos) return { what: message.slice(0, pos.index).trim(), at: Number(pos[1]) };
  if (/^Unexpected end of JSON input/.test(message)) return { what: "unexpected end", at: text.length };
  const failsInside = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (/^Unexpected end of JSON input/.test(m)) return false;
      const p = /in JSON at position (\d+)/.exec(m);
      return !p || Number(p[1]) < n;
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { what: "unexpected character", at: lo - 1 };
}

/** `text` parsed as JSON, or a UsageError naming `label` and the place (line, column), not the text. */
export function parseJsonText(text: string, label: string, hint = false): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const { what, at } = failure(text, (e as Error).message);
    throw new UsageError(`${label}: not valid JSON (${what} at ${lineColumn(text, at)})`, { hint });
  }
}
