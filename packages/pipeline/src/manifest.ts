// DIR/manifest.json: every task of the run with its id, step, item, input, output URLs, files,
// timings and failure. Written whole to a temporary file, then renamed into place.
import fs from "node:fs";
import path from "node:path";

export interface ManifestTask {
  /** `<step>/<item>`. */
  node: string;
  step: string;
  /** The item's name; null for a step without foreach. */
  item: string | null;
  status: "succeeded" | "failed" | "skipped";
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
  /** True when this run found the task finished (journal) and created or waited for nothing. */
  reused?: boolean;
}

export interface Summary {
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
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

export function writeManifest(outDir: string, m: Manifest): string {
  const file = path.join(outDir, "manifest.json");
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(m, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
