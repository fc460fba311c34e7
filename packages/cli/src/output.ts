// What the CLI prints: readable tables for people, JSON for scripts (--json), and errors as one
// line that says what to do.
import { MonetError, InputValidationError, AuthenticationError, NotFoundError } from "@monet-ai/client";
import { UsageError } from "./fields.js";

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join("\n");
}

/** The one line for an error, and the exit code: 2 for bad usage or input, 1 otherwise. */
export function explain(e: unknown): { line: string; code: number } {
  if (e instanceof UsageError) return { line: `error: ${e.message}. See monet --help.`, code: 2 };
  if (e instanceof InputValidationError) return { line: `error: ${e.issues.map((i) => i.message).join("; ")}. Nothing was sent.`, code: 2 };
  if (e instanceof MonetError && /MONET_API_KEY/.test(e.message)) return { line: "error: no API key. Set MONET_API_KEY=monet_... (get one at https://monet.vision/skills/keys), or use --base-url with the mock.", code: 2 };
  if (e instanceof AuthenticationError) return { line: "error: the API key was refused (401). Check MONET_API_KEY.", code: 1 };
  if (e instanceof NotFoundError) return { line: `error: not found (404): ${e.message}. Uploads expire after 24 hours: upload the file again.`, code: 1 };
  if (e instanceof MonetError) return { line: `error: ${e.message}${e.requestId ? ` (request ${e.requestId})` : ""}`, code: 1 };
  return { line: `error: ${(e as Error)?.message ?? e}`, code: 1 };
}
