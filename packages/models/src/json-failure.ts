// Where a user's JSON text fails to parse, never what it says. V8's "Unexpected token" message
// quotes the start of the text ("ghp_SECRET"...): a key file named by mistake, or by a
// prompt-injected agent, as a CLI input, a pipeline or an items file would reach the terminal,
// the logs or the agent. The CLI and the pipeline both describe their files' errors with this.

/** Line and column (from 1) of a character offset. */
function lineColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

const POSITION = /in JSON at position (\d+)/;
const ENDED = /^Unexpected end of JSON input/;

/**
 * V8 says "at position N" for most errors; for an unexpected character it says only the
 * character, so the place is found as the shortest prefix that already fails for another reason
 * than ending too soon.
 */
function failure(text: string, message: string): { what: string; at: number } {
  const pos = POSITION.exec(message);
  // V8's own phrase before the position ("Expected ',' or ']' after array element") holds no text of the file.
  if (pos) return { what: message.slice(0, pos.index).trim(), at: Number(pos[1]) };
  if (ENDED.test(message)) return { what: "unexpected end", at: text.length };
  const failsInside = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (ENDED.test(m)) return false;
      const p = POSITION.exec(m);
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

/** Why `JSON.parse(text)` threw `error`, and where: "unexpected character at line 2, column 5". */
export function jsonFailure(text: string, error: unknown): string {
  const { what, at } = failure(text, error instanceof Error ? error.message : String(error));
  return `${what} at ${lineColumn(text, at)}`;
}
