// With --json, stderr carries what an agent needs if this process dies before its result (a
// SIGKILL, a container stop, the OOM killer): one JSON line per event, written as soon as it is
// known. Each is an object with an `event` field, so none reads as the error line ({"error": ...}).
import { jsonMode } from "./json-mode.js";
import { safeJsonLine } from "./terminal.js";

export type CliEvent =
  /** Before a create is sent: the key it carries, and the command that re-attaches to its task. */
  | { event: "creating"; idempotencyKey: string; resume: string }
  /** The API named the task: the command that waits for it and saves its outputs. */
  | { event: "created"; taskId: string; resume: string }
  /** A failed poll or request is tried again (the client's retry.onRetry). */
  | { event: "retrying"; what: string; retry: number; delayMs: number; reason: string; taskId?: string }
  /** Something in the environment was ignored (a relative MONET_CLI_ROOTS entry), or the terminal is read. */
  | { event: "warning"; message: string };

/** Writes `e` as one JSON line on stderr (only with --json: text mode has its own progress lines). */
export function emit(json: boolean, e: CliEvent): void {
  if (json) process.stderr.write(`${safeJsonLine(e)}\n`);
}

/** A line on stderr; with --json an event line, as stderr then holds only JSON. */
export const warnLine = (message: string) => (jsonMode() ? emit(true, { event: "warning", message }) : process.stderr.write(`${message}\n`));
