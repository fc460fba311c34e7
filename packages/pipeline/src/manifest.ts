// DIR/manifest.json: every task of the run with its id, step, item, input, output URLs, files,
// timings and failure. Written whole to a temporary file, then renamed into place. A manifest.json
// this pipeline did not write (a web app's, another pipeline's) is never replaced: ours sits beside
// the run's journal, which only this runner makes, opens the way writeManifest writes it, and
// names this pipeline. A folder that once held a run can get someone else's manifest.json later,
// so the journal alone is not enough; the shape alone let a pipeline of another name take over.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { NO_FOLLOW_READ } from "./no-follow-read.js";
import { entryAt, notPlainFile, otherPipeline, outDirError } from "./out-dir.js";

const MANIFEST = "manifest.json";
/** How ours opens: JSON.stringify(m, null, 2) writes these keys first, in this order; group 1 is the name. */
const OWN_OPENING =
  /^\{\n {2}"name": ("(?:[^"\\\n]|\\.)*"),\n(?: {2}"file": "(?:[^"\\\n]|\\.)*",\n)? {2}"started_at": "[^"\n]*",\n {2}"finished_at": "[^"\n]*",\n {2}"summary": \{\n/;
/** Enough of the file for its opening (the pipeline file's path included). */
const OPENING_BYTES = 16 * 1024;

export interface ManifestTask {
  /** `<step>/<item>`. */
  node: string;
  step: string;
  /** The item's name; null for a step without foreach. */
  item: string | null;
  /**
   * `unfinished`: the task did not end in this run: it ran past `taskTimeout` (left running at the
   * API, nothing cancelled), or the run was stopped (its signal) first. Its `id` is there once it was
   * created, and `ended` is not: a plain rerun re-attaches to it (or creates it, if it never was).
   */
  status: "succeeded" | "failed" | "skipped" | "unfinished";
  /** The task id at the API, once created. */
  id?: string;
  /** The idempotency key the task was created with. */
  key?: string;
  /** The input as sent (templates filled in, local files replaced by their upload URLs). */
  input?: Record<string, unknown>;
  outputs: string[];
  /** Saved files, relative to the output folder. */
  files: string[];
  timings: { created_at?: string; finished_at?: string; saved_at?: string };
  /** Why it failed or was skipped. */
  error?: string;
  /**
   * `input`: the task's input could not be made from the pipeline file, its items and the outputs
   * of earlier steps (a reference to an output the step did not make, a local file gone). Nothing
   * was sent for it; a rerun, with --retry-failed too, fails the same way until the file is fixed.
   * `too-large`: the task succeeded but an output was larger than the download cap (`maxBytes`,
   * `--max-bytes`): a rerun with the same cap downloads it again and stops at the same size.
   * `wrong-type`: the task succeeded but an output is not of the step's media (`text/html` for an
   * image): a rerun fetches the same URL and is refused the same way while the host serves that.
   */
  /**
   * `gone`: the API answered 404 for the task (it expired or was removed): it will never end, and
   * nothing of it can be saved. Like a task the API failed, a plain rerun reports it again and
   * --retry-failed creates it again (the next attempt's key); the journal keeps why.
   */
  /**
   * `in-the-way`: it succeeded, but a file the run did not save (yours, or a link) is at an output's
   * name: never overwritten, so every rerun fails the same way until it is moved away.
   */
  /**
   * `unfollowable`: the API answered its create with a task id no call can follow (`a/b/4`; the
   * client's `unfollowableTaskId`). The task may exist, but every rerun sends the same create (its
   * idempotency key, in the error) and gets the same id: report that key to whoever runs the API.
   */
  cause?: "input" | "gone" | "too-large" | "wrong-type" | "in-the-way" | "unfollowable";
  /**
   * The task's final status at the API, once the API ended it (its success too). Absent when the
   * run stopped first: a create, the polling or an upload failed, which a plain rerun retries;
   * a task the API ended otherwise than in success is created again only with --retry-failed.
   */
  ended?: string;
  /** True when this run found the task finished (journal) and created or waited for nothing. */
  reused?: boolean;
}

export interface Summary {
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Tasks that did not end in this run (see ManifestTask.status); present only when there are some. */
  unfinished?: number;
}

export interface Manifest {
  name: string;
  file?: string;
  started_at: string;
  finished_at: string;
  summary: Summary;
  /**
   * Requests this run sent to the API, and how many were answered 429; `earlyPages` are the list
   * pages of status rounds sent before the poll interval (counted in `listPages` too).
   */
  requests: { total: number; rateLimited: number; listPages: number; earlyPages: number; gets: number; uploads: number };
  tasks: ManifestTask[];
}

/**
 * Refuses, before the run starts, a manifest.json in `root` that pipeline `name` would replace but
 * did not write: a link or other non-file, a file in a folder that had no journal (`hadJournal`),
 * or the manifest of a pipeline of another name.
 */
export function checkManifestSlot(root: string, hadJournal: boolean, name: string) {
  const file = path.join(root, MANIFEST);
  const st = entryAt(file);
  if (!st) return;
  if (!st.isFile()) throw notPlainFile(file, st);
  const owner = hadJournal ? manifestName(file) : undefined;
  const why = !hadJournal ? "the folder has no .pipeline journal" : owner === undefined ? "it is not a pipeline manifest" : "";
  if (why) throw outDirError(`${file} was not written by this pipeline (${why}) and would be replaced; choose another out folder, or remove the file`);
  if (owner !== name) throw otherPipeline(root, file, owner as string, name);
}

/**
 * The pipeline name a manifest of ours opens with, else undefined. Reads only the file's opening,
 * never through a link (nor blocking on a FIFO put there since).
 */
function manifestName(file: string): string | undefined {
  const fd = fs.openSync(file, NO_FOLLOW_READ);
  try {
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(OPENING_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const m = OWN_OPENING.exec(buf.toString("utf8", 0, n));
    return m ? jsonString(m[1]) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `root`/manifest.json (`root` a real path) and returns its path. */
export function writeManifest(root: string, m: Manifest): string {
  const file = path.join(root, MANIFEST);
  // Checked again: a link put there during the run is neither written through nor replaced.
  const st = entryAt(file);
  if (st && !st.isFile()) throw notPlainFile(file, st);
  const tmp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    // wx: a new file, never a link followed.
    fs.writeFileSync(tmp, `${JSON.stringify(m, null, 2)}\n`, { flag: "wx" });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return file;
}

const jsonString = (text: string): string | undefined => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
