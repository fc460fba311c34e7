// What a caller gives runPipeline, and the check of its numbers before anything is created.
import type { Monet } from "@monet-ai/client";
import { count, ms, refuse } from "@monet-ai/client/operations";
import { CONCURRENCY } from "./concurrency.js";
import type { Download } from "./download.js";
import type { PipelineEvent } from "./events.js";

export interface RunOptions {
  /** The client every request goes through (its key, base URL and fetch). */
  client: Monet;
  /** Where outputs, manifest.json and the journal go. */
  outDir: string;
  /** Tasks running at once (default: the file's `concurrency`, else 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (e: PipelineEvent) => void;
  /** Create failed tasks again, with new idempotency keys. */
  retryFailed?: boolean;
  /** Between status checks of running tasks, in ms (default: the interval the API recommends, 5 s). */
  pollInterval?: number;
  /** Requests per second the account may send, if known; otherwise learned from 429s. */
  rateLimit?: number;
  /** Saves one output (default: `saveOutput` of `@monet-ai/client/node`). */
  download?: Download;
  /** The largest output to download, in bytes (default: the client's DEFAULT_MAX_BYTES, 2 GiB); passed to `download`. */
  maxBytes?: number;
  /**
   * The slowest a download may go, in bytes a second, averaged over each `downloadRateWindow`
   * (default MIN_DOWNLOAD_RATE, 64 KiB/s): a slower host fails that save (a rerun tries again)
   * instead of holding the run for hours. Passed to `download` as the client's stall rule
   * (`stallTimeout`: the window, `stallMinBytes`: this rate × the window), so a custom `download`
   * is bounded when it honours them. 0: no minimum beyond the client's own stall rule (16 KiB a minute).
   */
  minDownloadRate?: number;
  /** The window `minDownloadRate` is measured over, in ms (default: the client's stall window, 60 s). */
  downloadRateWindow?: number;
  /** For a definition object: the folder its item files and local media are relative to (default: cwd). */
  baseDir?: string;
  /** For a file: the folders it must be in, checked on the opened file, not its path (see readPipelineFile). */
  fileInside?: readonly string[];
  /**
   * Milliseconds a task may run, from when this run starts watching it (its create, or its
   * re-attach on a rerun), before it is reported `timed-out` (default: a day, DEFAULT_TASK_TIMEOUT_MS,
   * so an unattended run ends). It is not failed nor cancelled: it runs on at the API, and a rerun
   * re-attaches to it. The run goes on with the other items; the tasks that use its outputs are
   * skipped. A task reporting a status the spec does not name is waited for at most
   * UNKNOWN_STATUS_WAIT_MS (30 minutes) from then, the same way.
   */
  taskTimeout?: number;
  /**
   * Milliseconds the run goes on when every request gets a 429 and none is taken, before it stops
   * (`PipelineStoppedError`, reason `connection`; the CLI's exit 6): default RATE_LIMITED_WAIT_MS,
   * 10 minutes, the longest Retry-After the run honours. Counted run-wide from the first 429 after
   * the last request the server took, whatever the concurrency; a 429 asking for a pause that
   * would end past it stops the run at once.
   */
  rateLimitedWait?: number;
}

/**
 * The run's own numbers, checked before anything is created: a NaN poll interval never polled and
 * a concurrency of 0 or NaN never started a task (the run hung); a NaN rate let every request out.
 */
export function checkRunOptions(opts: RunOptions) {
  ms("pollInterval", opts.pollInterval, false);
  ms("taskTimeout", opts.taskTimeout);
  ms("rateLimitedWait", opts.rateLimitedWait);
  count("concurrency", opts.concurrency, CONCURRENCY.minimum, CONCURRENCY.maximum);
  count("maxBytes", opts.maxBytes, 1, Number.MAX_SAFE_INTEGER);
  ms("downloadRateWindow", opts.downloadRateWindow, false);
  const min = opts.minDownloadRate;
  if (min !== undefined && !(typeof min === "number" && min >= 0 && min < Number.POSITIVE_INFINITY))
    throw refuse("minDownloadRate", "a number of bytes a second, 0 or more (0: no minimum)", min);
  const rate = opts.rateLimit;
  if (rate !== undefined && !(typeof rate === "number" && rate > 0 && rate < Number.POSITIVE_INFINITY))
    throw refuse("rateLimit", "a number of requests per second above 0", rate);
}
