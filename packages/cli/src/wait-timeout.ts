// --wait-timeout <seconds>: how long `generate` and `wait` wait for a task before giving up, exit
// 6 with the command that resumes (the task goes on at the API). Without it a failing server kept
// them polling in silence for the client's 30 minutes (s13 audit M4).
import { WAIT_TIMEOUT_MS } from "@monet-ai/client/operations";
import { Option } from "commander";
import { UsageError } from "./errors.js";
import { decimal } from "./fields.js";

/** The longest --wait-timeout, in seconds: a day (no Monet task runs that long); `pipeline run --task-timeout` takes it too. */
export const MAX_WAIT_TIMEOUT_S = 86_400;

/** The option, in seconds (plain decimal text, above 0, at most a day). */
export const waitTimeoutOption = () =>
  new Option(
    "--wait-timeout <seconds>",
    `give up waiting after this many seconds, at most ${MAX_WAIT_TIMEOUT_S} (exit 6, with the command that resumes; the task goes on)`,
  )
    .default(undefined, `${WAIT_TIMEOUT_MS / 1000}`)
    .argParser((v) => seconds(v, "--wait-timeout"));

/** Seconds as plain decimal text, above 0, at most a day, refused naming `field` (a flag or an env var): --wait-timeout's rule, and --timeout's (no request outlasts a whole wait's bound). */
export function seconds(v: string, field: string): number {
  const n = decimal(v, false);
  if (typeof n !== "number" || n <= 0 || n > MAX_WAIT_TIMEOUT_S)
    throw new UsageError(`${field} must be a number of seconds above 0, at most ${MAX_WAIT_TIMEOUT_S} (got ${JSON.stringify(v)})`, { field });
  return n;
}

/** The client's waitTimeout (ms) for a --wait-timeout in seconds; undefined: the client's default. */
export const waitTimeoutMs = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1000));
