// What the CLI prints: readable tables for people, JSON for scripts (--json), and errors as one
// line that says what to do. Everything goes through `clean` or `safeJson` (see terminal.ts).
import { AuthenticationError, InputValidationError, MonetError, NotFoundError } from "@monet-ai/client";
import { UsageError } from "./errors.js";
import { clean } from "./terminal.js";

export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v === undefined || v === null ? "" : clean(String(v)).replace(/[\n\t]/g, " "));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join("\n");
}

/** A message as one sentence: a server's own final period is not doubled. */
const sentence = (m: string) => `${m.trim().replace(/[.\s]+$/, "")}.`;

/** The one line for an error, and the exit code: 2 for bad usage or input, 1 otherwise. */
export function explain(e: unknown): { line: string; code: number } {
  if (e instanceof UsageError) return { line: `error: ${e.message}${e.hint ? `${e.message.endsWith("?") ? "" : "."} See monet --help.` : ""}`, code: 2 };
  if (e instanceof InputValidationError) return { line: `error: ${e.issues.map((i) => i.message).join("; ")}. Nothing was sent.`, code: 2 };
  if (e instanceof AuthenticationError) return { line: "error: the API key was refused (401). Check MONET_API_KEY.", code: 1 };
  if (e instanceof NotFoundError) {
    // Only a file can expire; a task id that is not found is just not found.
    const hint = /\b(file|upload)/i.test(e.message) ? " Uploads expire after 24 hours: upload the file again." : "";
    return { line: `error: not found (404): ${sentence(e.message)}${hint}`, code: 1 };
  }
  if (e instanceof MonetError) return { line: `error: ${e.message}${e.requestId ? ` (request ${e.requestId})` : ""}`, code: 1 };
  return { line: `error: ${(e as Error)?.message ?? e}`, code: 1 };
}
