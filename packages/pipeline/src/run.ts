// runPipeline: every task of a pipeline, each item flowing on its own through the steps, under
// one concurrency limit and one rate limiter, journaled so that a rerun re-attaches instead of
// creating anything twice, with every output saved as DIR/<step>/<item>.<ext>.
import fs from "node:fs";
import path from "node:path";
import { InputValidationError, type Monet, type Task } from "@monet-ai/client";
import { saveOutput } from "@monet-ai/client/node";
import { count, ms, POLL_INTERVAL_MS, refuse, SUCCESS_STATUS } from "@monet-ai/client/operations";
import { Api } from "./api.js";
import { chooseAttempt } from "./attempt.js";
import { checkInputs, where } from "./check.js";
import { CONCURRENCY } from "./concurrency.js";
import { createAttempt } from "./create.js";
import type { Pipeline, PipelineDefinition, TaskNode } from "./definition.js";
import type { Download } from "./download.js";
import { assertNoIssues } from "./errors.js";
import { Journal } from "./journal.js";
import { RateLimiter, Slots } from "./limits.js";
import { buildPipeline, loadPipelineFile } from "./load.js";
import { checkManifestSlot, type Manifest, type ManifestTask, type Summary, writeManifest } from "./manifest.js";
import { folderInside, realOutDir } from "./out-dir.js";
import { outputName, removeOwn, saveNamed } from "./output-files.js";
import { outputUrls, refuseOutputs } from "./outputs.js";
import { resolveInput } from "./resolve.js";
import { seconds, timeLimit } from "./time-limit.js";
import { Uploads } from "./uploads.js";
import { Watcher } from "./watcher.js";

/**
 * `saved`: outputs were downloaded; `kept`: every output was on disk already, from this task;
 * `timed-out`: not ended within `taskTimeout`, left running at the API (a rerun re-attaches).
 */
export type TaskStatus = "created" | "attached" | "progress" | "succeeded" | "reused" | "failed" | "skipped" | "timed-out" | "saved" | "kept";

export type PipelineEvent =
  | { type: "start"; name: string; total: number; steps: Record<string, number>; outDir: string }
  | {
      type: "task";
      status: TaskStatus;
      node: string;
      step: string;
      item: string | null;
      id?: string;
      progress?: number;
      error?: string;
      /** `input`: the task's input could not be made from the pipeline file (see ManifestTask.cause). */
      cause?: "input";
      files?: string[];
      done: number;
      total: number;
    }
  | { type: "rate-limited"; retryAfter: number }
  | { type: "done"; summary: Summary; manifest: string };

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
  /** For a definition object: the folder its item files and local media are relative to (default: cwd). */
  baseDir?: string;
  /** For a file: the folders it must be in, checked on the opened file, not its path (see readPipelineFile). */
  fileInside?: readonly string[];
  /**
   * Milliseconds a task may run, from when this run starts watching it (its create, or its
   * re-attach on a rerun), before it is reported `timed-out` (default: no limit). It is not failed
   * nor cancelled: it runs on at the API, and a rerun re-attaches to it. The run goes on with the
   * other items; the tasks that use its outputs are skipped.
   */
  taskTimeout?: number;
}

interface Result {
  /** The task succeeded: dependents may use its outputs. */
  ok: boolean;
  outputs: string[];
  entry: ManifestTask;
}

/**
 * The run's own numbers, checked before anything is created: a NaN poll interval never polled and
 * a concurrency of 0 or NaN never started a task (the run hung); a NaN rate let every request out.
 */
function checkRunOptions(opts: RunOptions) {
  ms("pollInterval", opts.pollInterval, false);
  ms("taskTimeout", opts.taskTimeout);
  count("concurrency", opts.concurrency, CONCURRENCY.minimum, CONCURRENCY.maximum);
  const rate = opts.rateLimit;
  if (rate !== undefined && !(typeof rate === "number" && rate > 0 && rate < Number.POSITIVE_INFINITY))
    throw refuse("rateLimit", "a number of requests per second above 0", rate);
}

/** Reads a pipeline from a file path, or checks a definition object. */
export function loadPipeline(definition: string | PipelineDefinition | Pipeline, baseDir?: string, fileInside?: readonly string[]): Pipeline {
  if (typeof definition === "string") return loadPipelineFile(definition, { fileInside });
  if ("nodes" in definition && Array.isArray((definition as Pipeline).nodes)) return definition as Pipeline;
  return buildPipeline(definition, { baseDir });
}

export async function runPipeline(definition: string | PipelineDefinition | Pipeline, opts: RunOptions): Promise<Manifest> {
  const p = loadPipeline(definition, opts.baseDir, opts.fileInside);
  checkRunOptions(opts);
  // Every task's input is checked for every item before anything is sent.
  assertNoIssues(checkInputs(p), p.file);
  const started = new Date().toISOString();
  const outDir = path.resolve(opts.outDir);
  // Every write goes under the folder's real path; what is below it is checked before anything is sent.
  const root = realOutDir(outDir);
  for (const s of p.steps) folderInside(root, s.name, false);
  // A folder another pipeline (another name) writes into is refused: its files would be taken for ours.
  checkManifestSlot(root, Journal.exists(root), p.name);
  const journal = Journal.open(root, p.name);
  const emit = (e: PipelineEvent) => opts.onEvent?.(e);
  const limiter = new RateLimiter({ rate: opts.rateLimit }, (s) => emit({ type: "rate-limited", retryAfter: s }));
  const api = new Api(opts.client, limiter, opts.signal);
  const watcher = new Watcher(api, opts.pollInterval ?? POLL_INTERVAL_MS, opts.signal);
  const uploads = new Uploads(api, journal, p.baseDir);
  const slots = new Slots(opts.concurrency ?? p.concurrency);
  const downloads = new Slots(8);
  const download = opts.download ?? saveOutput;
  const allowOrigins = [new URL(opts.client.baseUrl, "http://localhost").origin];
  const total = p.nodes.length;
  let done = 0;
  const results = new Map<string, Promise<Result>>();
  // Which node follows which task: a server that gives two items one task id is refused for the
  // second (watching one id twice hung the run, and one task's outputs would be both items').
  const owners = new Map<string, TaskNode>();
  const claim = (node: TaskNode, id: string): string | undefined => {
    const other = owners.get(id);
    if (other && other !== node)
      return `the server gave this item's task the id ${id}, which it already gave ${where(other)}: two items cannot share a task (a server error); nothing was watched or saved for this one`;
    owners.set(id, node);
    return undefined;
  };

  // The names items had when this run saw them: a later dry run says which moved.
  if (p.steps.some((s) => s.foreach))
    for (const [i, k] of p.itemKeys.entries()) if (journal.names.get(k) !== p.itemNames[i]) journal.append({ t: "item", key: k, name: p.itemNames[i] });

  const steps: Record<string, number> = {};
  for (const n of p.nodes) steps[n.step.name] = (steps[n.step.name] ?? 0) + 1;
  emit({ type: "start", name: p.name, total, steps, outDir });

  // A task counts as done once: a save that fails after its success was counted is not another one ("2/1").
  const counted = new Set<string>();
  const report = (node: TaskNode, status: TaskStatus, extra: Partial<Extract<PipelineEvent, { type: "task" }>> = {}) => {
    const final = status === "succeeded" || status === "reused" || status === "failed" || status === "skipped" || status === "timed-out";
    if (final && !counted.has(node.id)) {
      counted.add(node.id);
      done++;
    }
    emit({ type: "task", status, node: node.id, step: node.step.name, item: node.step.foreach ? node.itemName : null, done, total, ...extra });
  };

  const run = (node: TaskNode): Promise<Result> => {
    let r = results.get(node.id);
    if (!r) {
      r = runNode(node);
      results.set(node.id, r);
    }
    return r;
  };

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
    if (failedIndex >= 0) {
      // The status says skipped; the error says why.
      entry.status = "skipped";
      const why = deps[failedIndex].entry.status === "unfinished" ? "did not end within taskTimeout" : "did not succeed";
      entry.error = `${where(node.deps[failedIndex])} ${why}`;
      report(node, "skipped", { error: entry.error });
      return { ok: false, outputs: [], entry };
    }
    const fail = (error: string, cause?: "input"): Result => {
      entry.status = "failed";
      entry.error = error;
      if (cause) entry.cause = cause;
      report(node, "failed", { id: entry.id, error, ...(cause ? { cause } : {}) });
      return { ok: false, outputs: entry.outputs, entry };
    };
    try {
      const byStep = new Map(node.deps.map((d, i) => [d.step.name, deps[i]] as const));
      const resolved = resolveInput(
        p,
        node,
        (step, index) => byStep.get(step)?.outputs[index],
        (step) => byStep.get(step)?.outputs.length,
      );
      // Made from the file and finished outputs only: a rerun would fail the same way.
      if (!resolved.ok) return fail(`input.${resolved.message}`, "input");
      const input = resolved.input;
      // Local files are named by content in keys: an upload's URL expires (24 h), the file does not.
      const shas = await Promise.all(resolved.local.map((l) => uploads.sha256(l)));
      const withFiles = (url: (sha: string) => string | undefined): Record<string, unknown> | undefined => {
        const copy: Record<string, unknown> = { ...input };
        for (const l of resolved.local) copy[l.field] = [...(input[l.field] as unknown[])];
        for (const [n, l] of resolved.local.entries()) {
          const u = url(shas[n]);
          if (u === undefined) return undefined;
          (copy[l.field] as unknown[])[l.index] = u;
        }
        return copy;
      };
      const keyInput = withFiles((sha) => `sha256:${sha}`) as Record<string, unknown>;
      // What an older version sent, and hashed into its keys: each file's journaled upload.
      const oldInput = withFiles((sha) => uploads.journaled(sha));
      const chosen = chooseAttempt(journal, p.name, node, { keyInput, oldInput }, opts.retryFailed);
      const { key, sent } = chosen;
      entry.key = key;
      entry.input = sent?.[0].input ?? oldInput ?? keyInput;

      let task: Task | undefined;
      const known = journal.finals.get(key);
      if (known) {
        const shared = claim(node, known.id);
        if (shared) return fail(shared);
        entry.id = known.id;
        entry.outputs = known.outputs;
        entry.timings.created_at = journal.created.get(key)?.created_at;
        entry.timings.finished_at = known.updated_at;
        entry.reused = true;
        entry.ended = known.status;
        if (known.status !== SUCCESS_STATUS) return fail(known.error ?? `the task ${known.status}`);
        // A journal of an earlier version kept whatever the server listed.
        const refused = refuseOutputs(known.id, known.outputs, allowOrigins);
        if (refused) {
          entry.outputs = [];
          return fail(refused);
        }
      } else {
        // Uploads only for a create: a task the journal knows needs none (its upload may be long gone).
        const fresh = withFiles(() => "") as Record<string, unknown>;
        if (!journal.created.has(key)) {
          for (const l of resolved.local) (fresh[l.field] as unknown[])[l.index] = await uploads.url(l);
          entry.input = fresh;
        }
        const release = await slots.take([-node.step.depth, node.itemIndex ?? 0], opts.signal);
        try {
          const seen = journal.created.get(key);
          let id: string;
          if (seen) {
            const shared = claim(node, seen.id);
            if (shared) return fail(shared);
            id = seen.id;
            entry.id = id;
            entry.timings.created_at = seen.created_at;
            report(node, "attached", { id: seen.id });
          } else {
            let created: Task;
            try {
              const made = await createAttempt(api, journal, node, chosen, fresh);
              created = made.task;
              entry.input = made.body;
            } catch (e) {
              if (opts.signal?.aborted) throw e;
              return fail(`create failed: ${(e as Error).message}`);
            }
            // Not journaled: a rerun sends the same create (same key) and checks the answer again.
            const shared = claim(node, created.id);
            if (shared) return fail(shared);
            journal.append({ t: "created", key, node: node.id, id: created.id, created_at: created.created_at });
            id = created.id;
            entry.id = id;
            entry.timings.created_at = created.created_at;
            report(node, "created", { id: created.id });
          }
          let last = -1;
          const limit = timeLimit(opts.taskTimeout);
          try {
            task = await watcher.watch(
              id,
              entry.timings.created_at,
              (t) => {
                const progress = t.outputs?.[0]?.progress;
                if (t.status !== "processing" || progress === undefined || progress === last) return;
                last = progress;
                report(node, "progress", { id: t.id, progress });
              },
              limit?.signal,
            );
          } catch (e) {
            if (opts.signal?.aborted) throw e;
            if (limit?.signal.aborted) {
              // Not a failure: the task runs on at the API; nothing is journaled, so a rerun re-attaches.
              entry.error = `task ${id} did not end within ${seconds(opts.taskTimeout as number)} (taskTimeout); it was left running at the API, not cancelled: a rerun re-attaches to it`;
              report(node, "timed-out", { id, error: entry.error });
              return { ok: false, outputs: [], entry };
            }
            return fail(`lost track of task ${entry.id}: ${(e as Error).message}`);
          } finally {
            limit?.clear();
          }
        } finally {
          release();
        }
        const outputs = outputUrls(task);
        // Checked before any dependent sees them: a server's "URL" must not name a local file to
        // upload. Refused outputs are not journaled, so a rerun asks for the task again.
        const refused = task.status === SUCCESS_STATUS ? refuseOutputs(task.id, outputs, allowOrigins) : undefined;
        if (!refused)
          journal.append({
            t: "final",
            key,
            node: node.id,
            id: task.id,
            status: task.status,
            outputs,
            ...(task.error ? { error: task.error.message } : {}),
            ...(task.updated_at ? { updated_at: task.updated_at } : {}),
          });
        entry.outputs = refused ? [] : outputs;
        entry.timings.finished_at = task.updated_at;
        entry.ended = task.status;
        if (task.status !== SUCCESS_STATUS) return fail(task.error?.message ?? `the task ${task.status}`);
        if (refused) return fail(refused);
      }
      if (!entry.outputs.length) return fail(`task ${entry.id} succeeded without output URLs`);
      entry.status = "succeeded";
      report(node, entry.reused ? "reused" : "succeeded", { id: entry.id });
      // Dependents start now; the files follow.
      const result: Result = { ok: true, outputs: entry.outputs, entry };
      saving.push(save(node, key, entry));
      return result;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      return fail((e as Error).message);
    }
  }

  /** Saves every output of a finished task, unless the journal says it is on disk already. */
  async function save(node: TaskNode, key: string, entry: ManifestTask) {
    const release = await downloads.take([0], opts.signal);
    let fetched = 0;
    try {
      // Checked again: a link put in place of the folder during the run is not followed.
      const dir = folderInside(root, node.step.name, true);
      // A file the journal says another item saved is never removed for this one.
      const theirs = (file: string) => {
        const by = journal.savedBy.get(path.relative(root, path.join(dir, file)));
        return by !== undefined && by !== node.id;
      };
      for (const [i, url] of entry.outputs.entries()) {
        const name = outputName(node.itemName, i);
        const ours = journal.saving.get(node.id)?.has(name);
        // A download cut short by a crash leaves its temporary file: ours to remove.
        if (ours) removeOwn(dir, name, "parts", theirs);
        const had = journal.saved.get(`${key}#${i}`);
        // Kept only under the item's name now (names by position move when the list is edited), and
        // only if this output is what was saved there last: else it is fetched again under this name.
        if (
          had &&
          journal.savedFrom.get(had.path) === `${key}#${i}` &&
          namedAs(had.path, node.step.name, name) &&
          sameSize(path.join(root, had.path), had.bytes)
        ) {
          entry.files.push(had.path);
          continue;
        }
        // A file under this name that an earlier run of this pipeline wrote (an older input) is replaced.
        if (ours) removeOwn(dir, name, "files", theirs);
        journal.append({ t: "saving", key, node: node.id, index: i, name });
        const saved = await saveNamed(download, url, { dir, name, allowOrigins, signal: opts.signal });
        const rel = path.relative(root, saved.path);
        journal.append({ t: "saved", key, node: node.id, index: i, path: rel, bytes: saved.bytes, contentType: saved.contentType });
        entry.files.push(rel);
        fetched++;
      }
      entry.timings.saved_at = new Date().toISOString();
      // "saved" only for downloads: files already on disk from this task are "kept".
      report(node, fetched ? "saved" : "kept", { id: entry.id, files: entry.files });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      entry.status = "failed";
      const why = e instanceof InputValidationError ? e.issues.map((i) => i.message).join("; ") : (e as Error).message;
      entry.error = `the task succeeded but its output could not be saved: ${why}`;
      report(node, "failed", { id: entry.id, error: entry.error });
    } finally {
      release();
    }
  }

  const saving: Promise<void>[] = [];
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
    const file = writeManifest(root, manifest);
    emit({ type: "done", summary: manifest.summary, manifest: file });
    return manifest;
  } catch (e) {
    if (opts.signal?.aborted) {
      // Stopped: the manifest still says what is known. Finished tasks with their files; the others
      // unfinished, with their task ids once created (a rerun re-attaches), never `ended`.
      const tasks = p.nodes.map((n) => entries.get(n.id) as ManifestTask);
      for (const t of tasks)
        if (t.status === "unfinished" && !t.error)
          t.error = t.id
            ? `the run stopped before task ${t.id} ended; a rerun re-attaches to it`
            : "the run stopped before this task was created; a rerun creates it";
      try {
        writeManifest(root, manifestOf(tasks));
      } catch {
        // The stop is what the caller needs to hear about; the journal still has every fact.
      }
    }
    throw e;
  } finally {
    journal.close();
  }
}

/** Whether `rel` (relative to the output folder) is `<step>/<name>.<ext>`. */
const namedAs = (rel: string, step: string, name: string) => {
  const base = path.basename(rel);
  return path.dirname(rel) === step && base.startsWith(name) && /^(\.[a-z0-9]+)?$/.test(base.slice(name.length));
};

const sameSize = (file: string, bytes: number) => {
  try {
    return fs.lstatSync(file).isFile() && fs.statSync(file).size === bytes;
  } catch {
    return false;
  }
};
