// --timeout <seconds> (or MONET_TIMEOUT): a bound on each attempt of one request, the client's
// `timeout`, for every command that calls the API. Without it a server that accepts and never
// answers held `monet get` for the client's default per attempt, on every attempt (s22 audit F7).
// --wait-timeout bounds a whole wait (many polls); this bounds each request inside it.
import { Option } from "commander";
import { seconds } from "./wait-timeout.js";

const ENV = "MONET_TIMEOUT";

/** The global option: every command's --help lists it. */
export const requestTimeoutOption = () =>
  new Option(
    "--timeout <seconds>",
    // The client's defaults, as its README states them (@monet-ai/client/operations exports them
    // not: from there they would load the transport and a second copy of its error classes).
    `give up on one request attempt after this many seconds (default: ${ENV}, else 60; 600 for uploads); a failed attempt is retried twice`,
  ).argParser((v) => seconds(v, "--timeout"));

/** The client's `timeout` (ms): the flag, else MONET_TIMEOUT (an empty one is unset), else undefined (the client's defaults). */
export function requestTimeoutMs(flag: number | undefined): number | undefined {
  const v = flag ?? (process.env[ENV] ? seconds(process.env[ENV], ENV) : undefined);
  return v === undefined ? undefined : Math.round(v * 1000);
}
