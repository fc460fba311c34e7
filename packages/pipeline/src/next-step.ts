// What helps after a run that did not fully succeed, from its manifest: one vocabulary for the
// CLI's summary lines, its exit code and the `done` event's `next`, so an agent need not read English.
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import type { ManifestTask } from "./manifest.js";

/**
 * What is wrong with a task: `input`, its input could not be made from the file (every rerun fails
 * the same way until the file is fixed); `ended`, the API ended it otherwise than in success, or
 * answered 404 for it (a plain rerun reports it again, --retry-failed creates it again); `request`, a create, the polling,
 * an upload or a save failed (a plain rerun retries it); `unfinished`, it did not end within
 * taskTimeout and goes on at the API (a plain rerun re-attaches); `too-large`, it succeeded but an
 * output was over the download cap (a rerun with a larger maxBytes saves it; the same cap fails
 * again, after downloading up to the cap again); `wrong-type`, it succeeded but an output is not
 * of the step's media (a rerun fetches the same URL and fails the same way while its host serves
 * that: the URL, in the manifest, is what to check); `in-the-way`, it succeeded but a file the run
 * did not save is at an output's name (never overwritten: a rerun fails the same way until it is
 * moved away); `unfollowable`, the API named its created task by an id no call can follow (every
 * rerun sends the same key and gets the same id: only whoever runs the API can help). Undefined for a task that
 * succeeded or was skipped (a skip follows from its dependency's problem).
 */
export type TaskProblem = "input" | "ended" | "request" | "unfinished" | "too-large" | "wrong-type" | "in-the-way" | "unfollowable";

export function taskProblem(entry: ManifestTask): TaskProblem | undefined {
  if (entry.status === "unfinished") return "unfinished";
  if (entry.status !== "failed") return undefined;
  if (entry.cause === "input") return "input";
  // The API no longer has it: as for a task it failed, only --retry-failed creates it again.
  if (entry.cause === "gone") return "ended";
  if (entry.cause === "too-large") return "too-large";
  if (entry.cause === "wrong-type") return "wrong-type";
  if (entry.cause === "in-the-way") return "in-the-way";
  if (entry.cause === "unfollowable") return "unfollowable";
  if (entry.ended !== undefined && entry.ended !== SUCCESS_STATUS) return "ended";
  return "request";
}

/**
 * What to do next: fix the pipeline file, run the same command again, again with a larger
 * maxBytes (--max-bytes), check what an output URL serves (a rerun alone gets the same), move a
 * file in the way of an output (the run never overwrites it), --retry-failed, or report a task the
 * API named by an id no call can follow, with its create's idempotency key, to whoever runs the API.
 */
export type NextStep =
  | "fix the file"
  | "rerun"
  | "raise maxBytes"
  | "check the output URL"
  | "move the file away"
  | "--retry-failed"
  | "report to the API's operator";

/** Every step that helps, in the order to take them (empty when every task succeeded). */
export function nextSteps(tasks: readonly ManifestTask[]): NextStep[] {
  const problems = new Set(tasks.map(taskProblem));
  const next: NextStep[] = [];
  if (problems.has("input")) next.push("fix the file");
  if (problems.has("too-large")) next.push("raise maxBytes");
  if (problems.has("wrong-type")) next.push("check the output URL");
  if (problems.has("in-the-way")) next.push("move the file away");
  if (problems.has("request") || problems.has("unfinished")) next.push("rerun");
  if (problems.has("ended")) next.push("--retry-failed");
  if (problems.has("unfollowable")) next.push("report to the API's operator");
  return next;
}
