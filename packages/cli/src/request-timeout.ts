// --timeout <seconds> (or MONET_TIMEOUT): a bound on each attempt of one request, the client's
// `timeout`, for every command that calls the API. Without it a server that accepts and never
// answers held `monet get` for the client's 60 s per attempt, 3 attempts (s22 audit F7).
// --wait-timeout bounds a whole wait (many polls); this bounds each request inside it.
import { Option } from "commander";
import { UsageError } from "./errors.js";
import { decimal } from "./fields.js";
import { MAX_WAIT_TIMEOUT_S } from "./wait-timeout.js";

const ENV = "MONET_TIMEOUT";

/** Seconds as plain decimal text, above 0, at most a day (no request outlasts a whole wait's bound); refused naming `field`. */
function seconds(v: string, field: string): number {
  const n = decimal(v, false);
  if (typeof n !== "number" || n <= 0 || n > MAX_WAIT_TIMEOUT_S)
    throw new UsageError(`${field} must be a number of seconds above 0, at most ${MAX_WAIT_TIMEOUT_S} (got ${JSON.stringify(v)})`, { field });
  return n;
}

/** The global option: every command's --help lists it. */
export const requestTimeoutOption = () =>
  new Option(
    "--timeout <seconds>",
    `give up on one request attempt after this many seconds (default: ${ENV}, else 60; 600 for uploads); a failed attempt is retried twice`,
  ).argParser((v) => seconds(v, "--timeout"));

/** The client's `timeout` (ms): the flag, else MONET_TIMEOUT (an empty one is unset), else undefined (the client's defaults). */
export function requestTimeoutMs(flag: number | undefined): number | undefined {
  const v = flag ?? (process.env[ENV] ? seconds(process.env[ENV], ENV) : undefined);
  return v === undefined ? undefined : Math.round(v * 1000);
}
