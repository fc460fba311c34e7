// A run that cannot work at all stops at once instead of failing every item one by one: a refused
// key (401, 403) fails every request the same way, and an API that cannot be reached after the
// retries (no answer at all, or a gateway saying the service is not there: 502, 503, 504, or a
// rate limit that never lets up) would fail every remaining item the same way, each after its own
// retries. Stopping costs nothing: what was created is in the journal, and running the same
// command again (with the key fixed, or once the API is back) re-attaches to it and creates the
// rest. A 500 or any other refusal is about that one request: that task fails, the run goes on
// (stopping there would stop every rerun at the same item). A full disk under the output folder
// stops it too: every journal record and every save after it fails the same way (a nightly run
// listed 258 items each "failed: ENOSPC", created 17 tasks it could not save, and ended with a
// bare "ENOSPC"); once there is space, the same command resumes.
import { APIConnectionError, AuthenticationError, InternalServerError, PermissionDeniedError, RateLimitError } from "@monet-ai/client";
import type { Summary } from "./manifest.js";

/** Why a run stopped: `auth` (the key was refused), `connection` (the API could not be reached) or `disk` (the output folder's disk is full). */
export type StopReason = "auth" | "connection" | "disk";

/** The errno codes of a full disk (or a full quota), whatever write met them. */
const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);

/** Whether `e`, or an error it wraps (a save's `cause`), is a write refused for want of space. */
function diskFull(e: unknown): boolean {
  for (let at = e, depth = 0; at && depth < 4; at = (at as Error).cause, depth++) if (DISK_FULL.has((at as { code?: unknown }).code as string)) return true;
  return false;
}

/** Statuses that say the service itself is not there, whatever was asked. */
const UNAVAILABLE = new Set([502, 503, 504]);

/** The reason `e` (a request's error, after its retries) stops the whole run; undefined when it is that task's alone. */
export function stopReason(e: unknown): StopReason | undefined {
  if (e instanceof AuthenticationError || e instanceof PermissionDeniedError) return "auth";
  if (diskFull(e)) return "disk";
  if (e instanceof APIConnectionError || e instanceof RateLimitError) return "connection";
  if (e instanceof InternalServerError && UNAVAILABLE.has(e.status as number)) return "connection";
  return undefined;
}

/**
 * The run stopped early because no request could work (see stopReason): nothing more was created,
 * the manifest was written, and the same run resumes once the cause is fixed. `cause` is the
 * client's error (AuthenticationError, APIConnectionError, ...).
 */
export class PipelineStoppedError extends Error {
  readonly reason: StopReason;
  /** The path of the manifest written when the run stopped (none when the disk had no room for it). */
  readonly manifest?: string;
  /** The path of the run's journal, which records every task created and file saved. */
  readonly journal?: string;
  readonly summary: Summary;
  /** `outDir`: the output folder (its disk is named when it is full). */
  constructor(reason: StopReason, cause: unknown, summary: Summary, manifest?: string, outDir?: string, journal?: string) {
    const why =
      reason === "auth"
        ? "the API key was refused"
        : reason === "disk"
          ? `the disk of the output folder${outDir ? ` ${outDir}` : ""} is full`
          : "the API could not be reached";
    const again = reason === "disk" ? "free space on it, then run it again to resume" : "run it again to resume";
    super(
      `The pipeline stopped, ${why}: ${String((cause as Error)?.message ?? cause).replace(/[.\s]+$/, "")}. Nothing more was created; ${again}: tasks already created are re-attached, never created twice.`,
      { cause },
    );
    this.name = "PipelineStoppedError";
    this.reason = reason;
    this.summary = summary;
    this.manifest = manifest;
    this.journal = journal;
  }
}
