// What every model of one provider instance shares: its name, its (lazily made) client, and the
// per-call context built from the AI SDK's call options.
import type { RunContext } from "./task-run.js";

export interface MonetModelConfig {
  /** `monet.image` or `monet.video`, for the AI SDK's logs and telemetry. */
  provider: string;
  /** The call's context: the client (made on first use), headers, signal, poll and download policy. */
  context(signal: AbortSignal | undefined, headers: Record<string, string | undefined> | undefined): RunContext;
}
