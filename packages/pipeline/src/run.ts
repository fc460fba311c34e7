// runPipeline: every task of a pipeline, each item flowing on its own through the steps, under
// one concurrency limit and one rate limiter, journaled so that a rerun re-attaches instead of
// creating anything twice, with every output saved as DIR/<step>/<item>.<ext>. Here the run is set
// up, tasks are ordered (each starts once those it uses ended) and the manifest written; one task
// runs in run-task.ts.
import path from "node:path";
import { saveOutput } from "@monet-ai/client/node";
import { POLL_INTERVAL_MS } from "@monet-ai/client/operations";
import { Api } from "./api.js";
import { checkInputs, where } from "./check.js";
import type { Pipeline, PipelineDefinition, TaskNode } from "./definition.js";
import { DOWNLOAD_RATE_WINDOW_MS, MIN_DOWNLOAD_RATE, withMinRate } from "./download-rate.js";
import { assertNoIssues } from "./errors.js";
import { type PipelineEvent, taskReporter } from "./events.js";
import { formerItemKeys } from "./item-keys.js";
import { Journal } from "./journal.js";
import { RateLimiter, Slots } from "./limits.js";
import { buildPipeline, loadPipelineFile } from "./load.js";
import { type Manifest, type ManifestTask, type Summary, writeManifest } from "./manifest.js";
import { nextSteps } from "./next-step.js";
import { realOutDir } from "./out-dir.js";
import { checkOutDir } from "./out-dir-checks.js";
import { checkRunOptions, type RunOptions } from "./run-options.js";
import { runTask } from "./run-task.js";
import { PipelineStoppedError, type StopReason, stopReason } from "./stop.js";
import { type Result, type TaskContext, taskOwners } from "./task-context.js";
import { DEFAULT_TASK_TIMEOUT_MS } from "./time-limit.js";
import { Uploads } from "./uploads.js";
import { Watcher } from "./watcher.js";

/** Reads a pipeline from a file path, or checks a definition object. */
export function loadPipeline(definition: string | PipelineDefinition | Pipeline, baseDir?: string, fileInside?: readonly string[]): Pipeline {
  if (typeof definition === "string") return loadPipelineFile(definition, { fileInside });
  if ("nodes" in definition && Array.isArray((definition as Pipeline).nodes)) return definition as Pipeline;
  return buildPipeline(definition, { baseDir });
}

export async function runPipeline(definition: string | PipelineDefinition | Pipeline, opts: RunOptions): Promise<Manifest> {
  const p = loadPipeline(definition, opts.baseDir, opts.fileInside);
  checkRunOptions(opts);
  // Every task's input is checked for every item before anything is sent, each local file's first
  // bytes included, as a dry run does (a text file named .png was sent for the other items first).
  assertNoIssues(checkInputs(p, { media: true }), p.file);
  const started = new Date().toISOString();
  const outDir = path.resolve(opts.outDir);
  // Every write goes under the folder's real path; what is below it is checked before anything is sent.
  const root = realOutDir(outDir);
  checkOutDir(root, p);
  // A disk too full for the journal's first records stops the run as a full disk does later on
  // (stop.ts), before anything was sent.
  const fullBefore = (e: unknown) =>
    stopReason(e) === "disk"
      ? new PipelineStoppedError("disk", e, { total: p.nodes.length, succeeded: 0, failed: 0, skipped: 0, unfinished: p.nodes.length }, undefined, outDir)
      : e;
  let journal: Journal;
  try {
    journal = Journal.open(root, p.name);
  } catch (e) {
    throw fullBefore(e);
  }
  const emit = (e: PipelineEvent) => opts.onEvent?.(e);
  // Aborted by the caller's signal, or by the run itself when no request can work (see stop.ts).
  const stopper = new AbortController();
  let stopped: { reason: StopReason; error: unknown } | undefined;
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopper.signal]) : stopper.signal;
  const stop = (e: unknown) => {
    if (stopped || opts.signal?.aborted) return true;
    const reason = stopReason(e);
    if (!reason) return false;
    stopped = { reason, error: e };
    stopper.abort(e);
    return true;
  };
  const limiter = new RateLimiter({ rate: opts.rateLimit }, (c) => emit({ type: "rate-limited", ...c }));
  const api = new Api(opts.client, limiter, signal, opts.rateLimitedWait);
  const total = p.nodes.length;
  const ctx: TaskContext = {
    pipeline: p,
    root,
    journal,
    api,
    watcher: new Watcher(api, opts.pollInterval ?? POLL_INTERVAL_MS, signal),
    uploads: new Uploads(api, journal, p.baseDir),
    slots: new Slots(opts.concurrency ?? p.concurrency),
    downloads: new Slots(8),
    // The size cap and the minimum rate (as the stall rule) reach every download, the default's or
    // the caller's, which is bounded when it honours them.
    download: withMinRate(
      (url, o) => (opts.download ?? saveOutput)(url, opts.maxBytes === undefined ? o : { ...o, maxBytes: opts.maxBytes }),
      opts.minDownloadRate ?? MIN_DOWNLOAD_RATE,
      opts.downloadRateWindow ?? DOWNLOAD_RATE_WINDOW_MS,
    ),
    allowOrigins: [new URL(opts.client.baseUrl, "http://localhost").origin],
    signal,
    stop,
    retryFailed: opts.retryFailed,
    // Read before this run journals its own names: the ways earlier runs named items.
    formerItemKeys: formerItemKeys(p, journal.names.keys()),
    taskTimeout: opts.taskTimeout ?? DEFAULT_TASK_TIMEOUT_MS,
    report: taskReporter(total, emit),
    claim: taskOwners(where),
    saving: [],
  };
  const { watcher, uploads, report, saving } = ctx;

  // The names items had when this run saw them: a later dry run says which moved.
  try {
    if (p.steps.some((s) => s.foreach))
      for (const [i, k] of p.itemKeys.entries()) if (journal.names.get(k) !== p.itemNames[i]) journal.append({ t: "item", key: k, name: p.itemNames[i] });
  } catch (e) {
    journal.close();
    throw fullBefore(e);
  }

  const steps: Record<string, number> = {};
  for (const n of p.nodes) steps[n.step.name] = (steps[n.step.name] ?? 0) + 1;
  emit({ type: "start", name: p.name, total, steps, outDir });

  const results = new Map<string, Promise<Result>>();
  const run = (node: TaskNode): Promise<Result> => {
    let r = results.get(node.id);
    if (!r) {
      r = runNode(node);
      results.set(node.id, r);
    }
    return r;
  };

  /** `node` once the tasks it uses ended: skipped when one did not succeed, else run. */
  async function runNode(node: TaskNode): Promise<Result> {
    const entry: ManifestTask = {
      node: node.id,
      step: node.step.name,
      item: node.step.foreach ? node.itemName : null,
      // Until it ends one way or another: what a run stopped by its signal reports.
      status: "unfinished",
      outputs: [],
      files: [],
      timings: {},
    };
    entries.set(node.id, entry);
    const deps = await Promise.all(node.deps.map(run));
    const failedIndex = node.deps.findIndex((_, i) => !deps[i].ok);
    if (failedIndex < 0) return runTask(ctx, node, entry, deps);
    // The status says skipped; the error says why.
    entry.status = "skipped";
    const why = deps[failedIndex].entry.status === "unfinished" ? "did not end within taskTimeout" : "did not succeed";
    entry.error = `${where(node.deps[failedIndex])} ${why}`;
    report(node, "skipped", { error: entry.error });
    return { ok: false, outputs: [], entry };
  }

  /** Every node's manifest entry as it stands: what a stopped run reports. */
  const entries = new Map<string, ManifestTask>();
  const manifestOf = (tasks: ManifestTask[]): Manifest => {
    const unfinished = tasks.filter((entry) => entry.status === "unfinished").length;
    const summary: Summary = {
      total,
      succeeded: tasks.filter((entry) => entry.status === "succeeded").length,
      failed: tasks.filter((entry) => entry.status === "failed").length,
      skipped: tasks.filter((entry) => entry.status === "skipped").length,
      ...(unfinished ? { unfinished } : {}),
    };
    return {
      name: p.name,
      ...(p.file ? { file: p.file } : {}),
      started_at: started,
      finished_at: new Date().toISOString(),
      summary,
      requests: {
        total: limiter.stats.requests,
        rateLimited: limiter.stats.rateLimited,
        listPages: watcher.stats.listPages,
        earlyPages: watcher.stats.earlyPages,
        gets: watcher.stats.gets,
        uploads: uploads.count,
      },
      tasks,
    };
  };
  try {
    const all = await Promise.all(p.nodes.map(run));
    // Saves may still be starting: wait until none is left.
    for (let n = 0; n < saving.length; n++) await saving[n];
    const manifest = manifestOf(all.map((r) => r.entry));
    let file: string;
    try {
      file = writeManifest(root, manifest);
    } catch (e) {
      // Every task ended and is journaled; only the manifest did not fit: said as a full disk, and
      // the same run writes it once there is space (creating nothing).
      if (stopReason(e) !== "disk") throw e;
      const error = new PipelineStoppedError("disk", e, manifest.summary, undefined, outDir, journal.file);
      emit({ type: "stopped", reason: "disk", error: error.message, summary: manifest.summary, manifest: null, journal: journal.file });
      throw error;
    }
    emit({ type: "done", summary: manifest.summary, manifest: file, next: nextSteps(manifest.tasks) });
    return manifest;
  } catch (e) {
    // Stopped by the run itself: every task has seen the abort before the manifest is written and
    // the journal closed (nothing is appended to a closed journal).
    if (stopped) {
      await Promise.allSettled([...results.values()]);
      await Promise.allSettled(saving);
    }
    if (signal.aborted) {
      // Stopped: the manifest still says what is known. Finished tasks with their files; the others
      // unfinished, with their task ids once created (a rerun re-attaches), never `ended`.
      const tasks = p.nodes.map((n) => entries.get(n.id) as ManifestTask);
      for (const t of tasks)
        if (t.status === "unfinished" && !t.error)
          t.error = t.id
            ? `the run stopped before task ${t.id} ended; a rerun re-attaches to it`
            : "the run stopped before this task was created; a rerun creates it";
      const manifest = manifestOf(tasks);
      let file: string | undefined;
      try {
        file = writeManifest(root, manifest);
      } catch {
        // The stop is what the caller needs to hear about; the journal still has every fact.
      }
      if (stopped && !opts.signal?.aborted) {
        const error = new PipelineStoppedError(stopped.reason, stopped.error, manifest.summary, file, outDir, journal.file);
        // Where what was saved is said: the manifest, or (none written: a full disk) the journal.
        emit({ type: "stopped", reason: stopped.reason, error: error.message, summary: manifest.summary, manifest: file ?? null, journal: journal.file });
        throw error;
      }
    }
    throw e;
  } finally {
    journal.close();
  }
}
