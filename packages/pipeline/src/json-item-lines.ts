// The line each item of a `.json` items file starts on, so a problem with an item names its line as
// a CSV row or a JSONL line does. The file (up to 64 MiB) was already parsed by JSON.parse, which
// gives no positions; a parser that does (the yaml package's, used for the pipeline file) would
// parse it all again, many times slower. Since JSON.parse took the text, a scan of its characters
// is enough: strings are skipped whole, nesting is counted, and an element of the top-level array
// starts at the first character after its `[` or `,`.

const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN = new Set([91, 123]); // [ {
const CLOSE = new Set([93, 125]); // ] }
const BLANK = new Set([32, 9, 13]);

/** The line (from 1) of each element of the top-level array of `text`, valid JSON; [] when it is not an array. */
export function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let next = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    if (c === NEWLINE || BLANK.has(c)) continue;
    if (depth === 0 && c !== 91) return [];
    // The first character of an element (not the `]` of an empty list).
    if (next && !CLOSE.has(c)) lines.push(line);
    next = false;
    // JSON strings hold no raw newline: skipped whole.
    if (c === QUOTE) i = stringEnd(text, i);
    else if (OPEN.has(c)) next = ++depth === 1;
    else if (CLOSE.has(c)) depth--;
    else if (c === COMMA && depth === 1) next = true;
  }
  return lines;
}

/** Where the string opened at `at` closes: the next quote not escaped (after an even run of backslashes). */
function stringEnd(text: string, at: number): number {
  let end = text.indexOf('"', at + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}
