// MONET_POLL_INTERVAL, read once for every command (generate, wait, pipeline run) and checked by
// the client's rule for a pause, under the name the user set: a typo fails before anything is sent.
import { ms } from "@monet-ai/client/operations";

/** The interval the user set, in ms; undefined: the API's recommendation (the client's default). */
export function pollInterval(): number | undefined {
  const v = process.env.MONET_POLL_INTERVAL;
  return v === undefined || v === "" ? undefined : ms("MONET_POLL_INTERVAL", Number(v), false);
}
