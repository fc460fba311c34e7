// How long one create_*_task or wait_for_task call may wait before it answers with the task as
// it stands. An MCP client gives up on a request after its own timeout (the official SDK's
// default, 60 s, is not reset by progress), and an agent whose call timed out sees no task id
// and tends to call again. So a call answers well inside that timeout, every time, and the agent
// follows the task with wait_for_task. The bound is half the SDK's default (the other half covers
// a slow start and the answer's trip); MONET_MCP_MAX_WAIT changes it; and a client seen to cancel
// waits sooner, twice at about the same time (its timeout is shorter), gets answers in half that
// time from then on. One cancel is not a timeout: a user's Stop comes at any time, and learning
// from it would cut every later call of the session short. What was learned is not kept for good
// (a host runs for days, and two Stops at about the same time look like a timeout too): it ends
// after LEARNED_FOR_MS, or at once when a call outlasts those cancels without being cancelled (the
// client's timeout is longer after all). A client whose timeout is short after that loses one
// call: one cancel at about the remembered time learns it again.
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { TICK_MS } from "./progress.js";

export const DEFAULT_MAX_WAIT_MS = DEFAULT_REQUEST_TIMEOUT_MSEC / 2;
/** Never below one progress tick: a shorter wait could not show the agent the task is alive. */
export const MIN_MAX_WAIT_MS = TICK_MS;

/** Node's timers hold at most 2^31-1 ms: a longer one fires at once (a TimeoutOverflowWarning), so every call would fail at once. */
export const MAX_MAX_WAIT_MS = 2 ** 31 - 1;

/** MONET_MCP_MAX_WAIT (ms): a whole number from MIN_MAX_WAIT_MS to MAX_MAX_WAIT_MS, else the default (with a reason to log). */
export function parseMaxWait(value: string | undefined): { ms: number; ignored?: string } {
  if (value === undefined || value.trim() === "") return { ms: DEFAULT_MAX_WAIT_MS };
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < MIN_MAX_WAIT_MS || ms > MAX_MAX_WAIT_MS)
    return {
      ms: DEFAULT_MAX_WAIT_MS,
      ignored: `MONET_MCP_MAX_WAIT must be a whole number of ms from ${MIN_MAX_WAIT_MS} to ${MAX_MAX_WAIT_MS} (got ${JSON.stringify(value.slice(0, 40))}); using ${DEFAULT_MAX_WAIT_MS}`,
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

/** Two cancels this close (as a share of the later one) look like one timeout, not a user's Stop. */
const SAME_TIME = 0.2;

/**
 * How long a learned bound holds: long enough that a client with a short timeout loses one call in
 * that time (the one that re-teaches it), short enough that a wrong lesson ends within a session.
 */
export const LEARNED_FOR_MS = 10 * 60_000;

/** How a call's bound was set, for a message that names what to change. */
export interface Bound {
  ms: number;
  /** `the bound of one call, MONET_MCP_MAX_WAIT`, or why a shorter, learned bound holds. */
  source: string;
}

/**
 * The bound of the next call: the configured one, or, once the client cancelled two waits at
 * about the same time (a timeout shorter than the bound), half the shorter of those times.
 */
export function waitBudget(configured: number, now: () => number = Date.now) {
  let learned: { ms: number; after: number[]; at: number } | undefined;
  let lastCancel: number | undefined;
  const bound = (): Bound => {
    if (learned && now() - learned.at >= LEARNED_FOR_MS) learned = undefined;
    return learned && learned.ms < configured
      ? {
          ms: learned.ms,
          source: `the bound of one call, lowered from MONET_MCP_MAX_WAIT's ${configured} ms because the MCP client cancelled waits after ${learned.after.join(" and ")} ms, which looks like its request timeout; it holds for ${LEARNED_FOR_MS / 60_000} minutes from then (or until a call outlasts those cancels), so raise the client's timeout if it is that short`,
        }
      : { ms: configured, source: "the bound of one call, MONET_MCP_MAX_WAIT" };
  };
  return {
    ms: () => bound().ms,
    bound,
    /** The configured bound, whatever was learned: upload_file's stall limit (an upload is not a wait). */
    configured: (): Bound => ({ ms: configured, source: "the bound of one call, MONET_MCP_MAX_WAIT" }),
    /** A wait the client cancelled after `elapsed` ms: with another at about that time, its timeout is about that. */
    cancelledAfter(elapsed: number) {
      // A cancel past the bound is no shorter timeout.
      if (elapsed >= bound().ms) return;
      const before = lastCancel;
      lastCancel = elapsed;
      if (before === undefined || Math.abs(elapsed - before) > SAME_TIME * Math.max(elapsed, before)) return;
      const ms = Math.max(MIN_MAX_WAIT_MS, Math.floor(Math.min(elapsed, before) / 2));
      if (!learned || ms < learned.ms) learned = { ms, after: [before, elapsed], at: now() };
    },
    /** A call answered after `elapsed` ms, not cancelled: past the cancels (with room), the client's timeout is longer than they said. */
    answeredAfter(elapsed: number) {
      if (!learned || elapsed <= (1 + SAME_TIME) * Math.max(...learned.after)) return;
      learned = undefined;
      lastCancel = undefined;
    },
  };
}
