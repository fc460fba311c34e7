// What a run checks of its output folder before it sends anything, creating nothing: its step
// folders and .pipeline stay inside it, its journal is a plain file, and a manifest.json there is
// this pipeline's. The run and the dry run (`--dry-run --out`) check alike: a dry run that printed
// "Every input is valid" for a folder the run then refused (a web app's manifest.json, a link out)
// passed a nightly job's CI check, and the night's run exited 2.
import { InputValidationError } from "@monet-ai/client";
import type { Pipeline } from "./definition.js";
import type { PipelineIssue } from "./errors.js";
import { Journal } from "./journal.js";
import { checkManifestSlot } from "./manifest.js";
import { folderInside } from "./out-dir.js";

/** Throws the run's refusal (an InputValidationError on outDir) for the folder `root` (a real path); whether it holds a journal. */
export function checkOutDir(root: string, p: Pipeline): boolean {
  for (const s of p.steps) folderInside(root, s.name, false);
  const hadJournal = Journal.exists(root);
  // A folder another pipeline (another name) writes into is refused: its files would be taken for ours.
  checkManifestSlot(root, hadJournal, p.name);
  return hadJournal;
}

/** The refusal `check` throws, as the dry run's issues (path `outDir`); none when it passes. */
export function outDirIssues(check: () => void): PipelineIssue[] {
  try {
    check();
    return [];
  } catch (e) {
    if (e instanceof InputValidationError) return e.issues.map((i) => ({ path: "outDir", message: i.message }));
    throw e;
  }
}
