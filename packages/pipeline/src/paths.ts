// Paths the pipeline file names (item files, local media) stay inside the pipeline's folder.
import fs from "node:fs";
import path from "node:path";

/**
 * The real path of `rel` inside `base`, or an error message. Resolves symlinks before the check,
 * so a link inside the folder cannot point outside it. Regular files only (a FIFO would block).
 */
export function confinedFile(base: string, rel: string): { path: string } | { error: string } {
  if (typeof rel !== "string" || !rel) return { error: "must be a file path relative to the pipeline file" };
  if (path.isAbsolute(rel)) return { error: `must be relative to the pipeline file's folder (got the absolute path ${JSON.stringify(rel)})` };
  const realBase = fs.realpathSync(base);
  const joined = path.resolve(realBase, rel);
  if (!inside(realBase, joined)) return { error: `must stay inside the pipeline file's folder (got ${JSON.stringify(rel)})` };
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    return { error: `names a file that does not exist: ${JSON.stringify(rel)}` };
  }
  if (!inside(realBase, real)) return { error: `must stay inside the pipeline file's folder (${JSON.stringify(rel)} is a link to a file outside it)` };
  if (!fs.statSync(real).isFile()) return { error: `must name a regular file (got ${JSON.stringify(rel)})` };
  return { path: real };
}

/** True when `p` is `dir` or below it (both absolute). */
export function inside(dir: string, p: string): boolean {
  const r = path.relative(dir, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}
