// Arguments checked against the spec's rules (from the operations table) before any request, so
// a bad one never becomes a wrong URL. Path arguments here, at start; query arguments and their
// bounds in query.ts, loaded with the code that sends queries (lists, `request`).
import type { Call } from "./core.js";
import { InputValidationError } from "./errors.js";

/** An argument's schema, as the operations table carries it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema keywords; `broken()` compares values with absent bounds on purpose (false).
export type ParamSchema = Readonly<Record<string, any>>;
/** What a call needs to know of an operation: its row in the generated table (or its start-path view, calls.gen.ts). */
export interface OperationCall {
  readonly method: string;
  readonly path: string;
  readonly params: readonly { readonly name: string; readonly in: string; readonly schema: ParamSchema }[];
}
export interface OperationRow extends OperationCall {
  readonly operationId: string;
  readonly params: readonly { readonly name: string; readonly in: string; readonly required: boolean; readonly schema: ParamSchema }[];
}

export const refuse = (path: string, rule: string, received: unknown) =>
  new InputValidationError([{ path, message: `${path} must be ${rule} (got ${JSON.stringify(received)})`, received }]);

/** The call's method and path, its path arguments checked: each one plain segment of text. */
export function callOf(op: OperationCall, path: Record<string, unknown> = {}): Call {
  for (const {
    name,
    in: where,
    schema: { minLength: short = 1, maxLength: long },
  } of op.params) {
    const v = path[name];
    // An encoded "/" or ".." must not reach another path. (A comparison with an absent bound is false.)
    if (where === "path" && (typeof v !== "string" || v.length < short || v.length > long || !v.trim() || v === "." || v === ".." || /[/\\?#\s]/.test(v)))
      throw refuse(name, `one path segment of ${short} to ${long ?? "any number of"} characters (no / \\ ? # or spaces, not . or ..)`, v);
  }
  return { method: op.method, path: op.path.replace(/{(\w+)}/g, (_, name) => encodeURIComponent(path[name] as string)) };
}
