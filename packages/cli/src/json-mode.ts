// Whether this run writes JSON (--json): what the parser decided, once it has parsed the options.
// Before that (an error in parsing them is reported as JSON too) the words before `--` are read.
// Reading argv after parsing took a value that is the text "--json" (`--idempotency-key --json`)
// or a file named --json after `--` for the flag.
let parsed: boolean | undefined;

/** Set once the parser has read the options (a preAction hook). */
export const parsedJson = (on: boolean) => {
  parsed = on;
};

export function jsonMode(): boolean {
  if (parsed !== undefined) return parsed;
  const words = process.argv.slice(2);
  const end = words.indexOf("--");
  return (end < 0 ? words : words.slice(0, end)).includes("--json");
}
