// What a run into a folder that holds a journal would find there, told before it runs (a dry run):
// per task, whether the run would create it (and pay for it) or take it from the journal, by the
// keys the run itself would compute (attempt.ts: today's key, a legacy key, a key from before the
// file named its items another way). Nothing is sent, nothing written.
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import { chooseAttempt, keyInputs } from "./attempt.js";
import type { Pipeline } from "./definition.js";
import { formerItemKeys } from "./item-keys.js";
import type { JournalView } from "./journal.js";
import { hashMediaSync } from "./local-media.js";
import { resolveInput } from "./resolve.js";

/** What a run would do with a task, by the folder's journal. */
export type Fate =
  /** Found finished (or failed, or gone from the API), or created and re-attached to: nothing is created again. */
  | "reused"
  /** Sent (a new key, or one whose create never answered: the API may not have it): paid for. */
  | "created"
  /** It uses a task the journal says the API failed: skipped until --retry-failed. */
  | "skipped";

/** Per task (node id), what the run would do with it; `retryFailed` as the run's option. */
export function fatesInJournal(p: Pipeline, journal: JournalView, retryFailed = false): Map<string, Fate> {
  const fates = new Map<string, Fate>();
  /** Outputs of tasks the journal has finished in success (what their dependents' inputs hold). */
  const outputs = new Map<string, string[]>();
  /** Tasks the journal says the API ended otherwise than in success (and that the run would not retry). */
  const failed = new Set<string>();
  const former = formerItemKeys(p, journal.names.keys());
  const shas = new Map<string, string | undefined>();
  const sha = (base: string, l: Parameters<typeof hashMediaSync>[1]) => {
    if (!shas.has(l.path))
      try {
        shas.set(l.path, hashMediaSync(base, l));
      } catch {
        // The dry run reports the file; the run would fail this task.
        shas.set(l.path, undefined);
      }
    return shas.get(l.path);
  };
  // Nodes come in dependency order: a task's dependencies are decided before it.
  for (const node of p.nodes) {
    const deps = node.deps.map((d) => fates.get(d.id));
    if (deps.includes("skipped") || node.deps.some((d) => failed.has(d.id))) {
      // A dependency failed at the API (and stays failed): this one is skipped, as in the run.
      fates.set(node.id, "skipped");
      continue;
    }
    // A dependency to be created (or still running) makes output URLs not known yet: this input is new.
    if (node.deps.some((d) => !outputs.has(d.id))) {
      fates.set(node.id, "created");
      continue;
    }
    const byStep = new Map(node.deps.map((d) => [d.step.name, outputs.get(d.id)] as const));
    const r = resolveInput(
      p,
      node,
      (step, i) => byStep.get(step)?.[i],
      (step) => byStep.get(step)?.length,
    );
    const hashes = r.ok ? r.local.map((l) => sha(p.baseDir, l)) : [];
    if (!r.ok || hashes.some((h) => h === undefined)) {
      fates.set(node.id, "created");
      continue;
    }
    const inputs = keyInputs(r.input, r.local, hashes as string[], (h) => journal.uploads.get(h)?.url);
    const formerKeys = node.itemIndex === undefined ? undefined : former[node.itemIndex];
    const { key } = chooseAttempt(journal, p.name, node, { ...inputs, formerItemKeys: formerKeys }, retryFailed);
    const final = journal.finals.get(key);
    if (journal.gone.has(key)) {
      // The API no longer has it: reported failed again, until --retry-failed.
      failed.add(node.id);
      fates.set(node.id, "reused");
    } else if (final) {
      if (final.status === SUCCESS_STATUS) outputs.set(node.id, final.outputs);
      else failed.add(node.id);
      fates.set(node.id, "reused");
    } else fates.set(node.id, journal.created.has(key) ? "reused" : "created");
  }
  return fates;
}
