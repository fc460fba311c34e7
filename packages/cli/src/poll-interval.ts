// MONET_POLL_INTERVAL, read once for every command (generate, wait, pipeline run) and checked by
// the client's rule for a pause, under the name the user set: a typo fails before anything is sent.
import { ms } from "@monet-ai/client/operations";
import { decimal } from "./fields.js";

/** The interval the user set, in ms; undefined: the API's recommendation (the client's default). */
export function pollInterval(): number | undefined {
  const v = process.env.MONET_POLL_INTERVAL;
  if (v === undefined || v === "") return undefined;
  // Not plain decimal text: the text as typed goes to the rule, which refuses it quoting that
  // text (`got "abc"`), not the NaN that Number() makes of it.
  const n = decimal(v, false);
  return ms("MONET_POLL_INTERVAL", typeof n === "number" ? n : (v as unknown as number), false);
}
