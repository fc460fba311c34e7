// Arguments checked against the spec's rules (from the operations table) before any request, so
// a bad one never becomes a wrong URL. Path arguments here, at start; query arguments and their
// bounds in query.ts, loaded with the code that sends queries (lists, `request`).
import type { Call } from "./core.js";
import type { OperationCall } from "./generated/operation-row.gen.js";
import { refuse } from "./refuse.js";

// The row types are generated with the table (scripts/gen-operations.mjs).
export type { OperationCall, OperationRow, ParamSchema } from "./generated/operation-row.gen.js";

/** The call's method and path, its path arguments checked: each one plain segment of text. */
// Each spec pattern compiled once: a RegExp per call cost a get about a fifth of a µs.
const compiled: Record<string, RegExp> = {};
function compiledPattern(pattern: string): RegExp {
  compiled[pattern] ??= RegExp(pattern, "u");
  return compiled[pattern];
}

export function callOf(op: OperationCall, path: Record<string, unknown> = {}): Call {
  let url: string = op.path;
  for (const {
    name,
    in: where,
    schema: { minLength: short = 1, maxLength: long, pattern },
  } of op.params) {
    const v = path[name];
    if (where !== "path") continue;
    // An encoded "/" or ".." must not reach another path, nor "" (whitespace is in the class below).
    // (A comparison with an absent bound is false.) The spec's pattern too: an id read with its
    // trailing control character was sent, and came back 404. No format character either (a bidi
    // override, a zero-width space): `task_<U+202E>gpj.exe` shows as `task_exe.jpg`, and a create
    // answered with one made a task a user could not type nor tell from another. (Compiled on the
    // first call: as a literal, its \p{} cost every import 1.4 M instructions, 1.5% of bare node.)
    if (
      typeof v !== "string" ||
      v.length < short ||
      v.length > (long as number) ||
      !v ||
      v === "." ||
      v === ".." ||
      compiledPattern("[/\\\\?#\\s\\p{Cf}]").test(v) ||
      (pattern && !compiledPattern(pattern).test(v))
    )
      throw refuse(
        name,
        `one path segment of ${long ? `${short} to ${long} characters` : `at least ${short} character${short > 1 ? "s" : ""}`} (no / \\ ? # spaces or invisible characters, not . or ..)${pattern ? ` matching ${pattern}` : ""}`,
        v,
      );
    // A plain-text search, not a regex with a callback over the template (each parameter is in
    // it once). The encoded value has no `$`, so it is never read as a replacement pattern.
    url = url.replace(`{${name}}`, encodeURIComponent(v));
  }
  return { method: op.method, path: url };
}
