// The output folder: every folder and file a run writes (step folders, .pipeline, the journal,
// the manifest and their temporary files) stays inside it. The user named the folder, so it may
// itself be a link; a link below it that leads elsewhere (DIR/still -> /elsewhere) is refused:
// checked before the run sends anything, and again before each write.
import fs from "node:fs";
import path from "node:path";
import { InputValidationError } from "@monet-ai/client";
import { inside } from "./paths.js";

/** The run's own folder in the output folder: the journal and its lock. */
export const STATE_DIR = ".pipeline";

/** The run may not write here. `outDir` is the option (`--out` of the CLI). */
export const outDirError = (message: string) => new InputValidationError([{ path: "outDir", message: `outDir: ${message}` }]);

/** What is at `p` itself (a link is not followed), or undefined when nothing is. */
export function entryAt(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** The refusal for a file the run writes (journal, manifest, lock) that is a link or not a file. */
export const notPlainFile = (file: string, st: fs.Stats) =>
  outDirError(
    `${file} is ${st.isSymbolicLink() ? "a link" : "not a regular file"}; the run never writes through or over it (remove it, or choose another out folder)`,
  );

/**
 * The refusal for a folder that pipeline `owner` writes into (its `file`, the manifest or the
 * journal, says so), for a run of pipeline `name`: it would take the other's outputs for its own.
 */
export const otherPipeline = (root: string, file: string, owner: string, name: string) =>
  outDirError(
    `${file} belongs to pipeline ${JSON.stringify(owner)}, not ${JSON.stringify(name)}: this run would take over its outputs and manifest. Choose another out folder; or, if you renamed the pipeline on purpose, remove manifest.json and the ${STATE_DIR} folder from ${root} (and move its old outputs away: they are never overwritten)`,
  );

/** Makes the output folder if missing; returns its real path, which every write goes under. */
export function realOutDir(outDir: string): string {
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const real = fs.realpathSync(outDir);
  if (!fs.statSync(real).isDirectory()) throw outDirError(`${outDir} is not a folder`);
  return real;
}

/**
 * `root/name`, a folder the run writes into (`root` a real path): made when `create` (else a
 * missing one is fine: it is made when first needed), and refused unless it resolves inside `root`.
 */
export function folderInside(root: string, name: string, create: boolean): string {
  const dir = path.join(root, name);
  if (create) {
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  } else if (!entryAt(dir)) return dir;
  let real: string | undefined;
  try {
    real = fs.realpathSync(dir);
  } catch {}
  // A dangling link counts as leading out: writing through it would create its target.
  if (!real || !inside(root, real))
    throw outDirError(
      `${dir} is a link that leads outside ${root}; a run writes only inside its output folder (remove the link, or choose another out folder)`,
    );
  if (!fs.statSync(real).isDirectory()) throw outDirError(`${dir} is not a folder; the run saves its files there (remove it, or choose another out folder)`);
  return dir;
}
