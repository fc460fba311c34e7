// How long one create_*_task or wait_for_task call may wait before it answers with the task as
// it stands. An MCP client gives up on a request after its own timeout (the official SDK's
// default, 60 s, is not reset by progress), and an agent whose call timed out sees no task id
// and tends to call again. So a call answers well inside that timeout, every time, and the agent
// follows the task with wait_for_task. The bound is half the SDK's default (the other half covers
// a slow start and the answer's trip); MONET_MCP_MAX_WAIT changes it; and a client seen to cancel
// a wait sooner (a shorter timeout) gets answers in half the time it waited, from then on.
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { TICK_MS } from "./progress.js";

export const DEFAULT_MAX_WAIT_MS = DEFAULT_REQUEST_TIMEOUT_MSEC / 2;
/** Never below one progress tick: a shorter wait could not show the agent the task is alive. */
export const MIN_MAX_WAIT_MS = TICK_MS;

/** MONET_MCP_MAX_WAIT (ms): a whole number of at least MIN_MAX_WAIT_MS, else the default (with a reason to log). */
export function parseMaxWait(value: string | undefined): { ms: number; ignored?: string } {
  if (value === undefined || value.trim() === "") return { ms: DEFAULT_MAX_WAIT_MS };
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < MIN_MAX_WAIT_MS)
    return {
      ms: DEFAULT_MAX_WAIT_MS,
      ignored: `MONET_MCP_MAX_WAIT must be a whole number of ms, at least ${MIN_MAX_WAIT_MS} (got ${JSON.stringify(value)}); using ${DEFAULT_MAX_WAIT_MS}`,
    };
  return { ms };
}

/** The most of a call's bound kept back for the fallback request after its wait ends. */
export const MAX_RESERVE_MS = 5_000;

/**
 * Of a call's bound, the part its wait leaves for the one request that follows it (create or get
 * the task as it stands), so that request's answer, or its giving up, still comes inside the bound.
 */
export const reserveOf = (ms: number) => Math.min(MAX_RESERVE_MS, Math.floor(ms / 4));

/** The bound of the next wait: the configured one, or half of the shortest wait the client cancelled. */
export function waitBudget(configured: number) {
  let learned = Number.POSITIVE_INFINITY;
  return {
    ms: () => Math.min(configured, learned),
    /** A waiting call the client cancelled after `elapsed` ms: its timeout is at most that. */
    cancelledAfter(elapsed: number) {
      learned = Math.min(learned, Math.max(MIN_MAX_WAIT_MS, Math.floor(elapsed / 2)));
    },
  };
}
