// Query (and path) arguments against the spec's rules: known names only, required ones given,
// enums, whole numbers (safe integers) and bounds, text lengths and patterns. Loaded with the code that sends queries.

import { type OperationRow, type ParamSchema, refuse } from "./runtime.js";

/** A parameter's schema keywords, read as bounds: a comparison with an absent one is false, which is the rule. */
// biome-ignore lint/suspicious/noExplicitAny: `x < undefined` is false on purpose; cheaper than a check per bound.
type Bounds = { readonly [K in keyof ParamSchema]: any };

/** The rule `v` breaks, in words ("" when none). A comparison with an absent bound is false. */
// biome-ignore lint/suspicious/noExplicitAny: any value may come; each branch checks its type before the bounds.
function broken(v: any, { type, enum: oneOf, minimum: lo, maximum: hi, minLength: short = 0, maxLength: long, pattern }: Bounds): string {
  if (oneOf) return oneOf.includes(v) ? "" : `one of ${oneOf.join(", ")}`;
  const whole = type === "integer";
  // A whole number past 2^53 is not exact, and is sent as 1e+21: only safe integers are.
  if (whole) hi ??= Number.MAX_SAFE_INTEGER;
  if (whole || type === "number")
    return (whole ? Number.isSafeInteger(v) : Number.isFinite(v)) && !(v < lo) && !(v > hi)
      ? ""
      : `a ${whole ? "whole " : ""}number${lo != null ? ` from ${lo}` : ""}${hi != null ? ` to ${hi}` : ""}`;
  // An open bound goes unsaid: "text of at least 1 character", not "of 1 to any number of".
  const size = long != null ? `${short ? `${short} to` : "at most"} ${long} characters` : short ? `at least ${short} character${short > 1 ? "s" : ""}` : "";
  return typeof v === "string" && !(v.length < short) && !(v.length > long) && (!pattern || new RegExp(pattern, "u").test(v))
    ? ""
    : `text${size && ` of ${size}`}${pattern ? ` matching ${pattern}` : ""}`;
}

/**
 * The query of a call to `op` as it goes after its path ("?page=2", or "" for none), every argument
 * checked, path ones too (callOf then places them). Built where queries are sent, not in the
 * transport every call goes through.
 */
export function queryText(op: OperationRow, args: { path?: object; query?: object }): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(queryOf(op, args) ?? {})) if (v !== undefined) query.set(k, String(v));
  const text = String(query);
  return text && `?${text}`;
}

/** The query of a call to `op`, every argument checked. */
function queryOf(op: OperationRow, args: { path?: object; query?: object }): Record<string, unknown> | undefined {
  // Own keys only: a key some dependency put on Object.prototype is no argument of the caller's.
  for (const where of ["path", "query"] as const)
    for (const key of Object.keys(args[where] ?? {}))
      if (!op.params.some((p) => p.in === where && p.name === key))
        throw refuse(
          key,
          `a ${where} parameter of ${op.operationId}: ${
            op.params
              .filter((p) => p.in === where)
              .map((p) => p.name)
              .join(", ") || "it has none"
          }`,
          key,
        );
  for (const p of op.params) {
    const v = (args[p.in as "query"] as Record<string, unknown> | undefined)?.[p.name];
    // A path argument given is checked by callOf alone, so one rule has one message whichever
    // call gave it (tasks.get or request("getTask")).
    const rule = v === undefined ? (p.required ? `given (${op.operationId} requires it)` : "") : p.in === "path" ? "" : broken(v, p.schema);
    if (rule) throw refuse(p.name, rule, v);
  }
  return args.query as Record<string, unknown> | undefined;
}
