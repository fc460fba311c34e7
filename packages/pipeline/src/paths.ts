// Paths the pipeline file names (item files, local media) stay inside the pipeline's folder.
import fs from "node:fs";
import path from "node:path";
import { isInside as inside } from "@monet-ai/client/node";
import { NO_FOLLOW_READ } from "./no-follow-read.js";

/** The real path of `dir`, resolved once; `dir` itself when it cannot be (it is reported where it is used). */
export function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The real path of `rel` inside `base`, or an error message. Resolves symlinks before the check,
 * so a link inside the folder cannot point outside it. Regular files only (a FIFO would block).
 * `base` is a real path, resolved once when the pipeline was read (never again here: a folder
 * above it swapped for a link would move the folder itself).
 */
export function confinedFile(base: string, rel: string): { path: string } | { error: string } {
  if (typeof rel !== "string" || !rel) return { error: "must be a file path relative to the pipeline file" };
  if (path.isAbsolute(rel)) return { error: `must be relative to the pipeline file's folder (got the absolute path ${JSON.stringify(rel)})` };
  const realBase = base;
  const joined = path.resolve(realBase, rel);
  if (!inside(realBase, joined)) return { error: `must stay inside the pipeline file's folder (got ${JSON.stringify(rel)})` };
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    return { error: `names a file that does not exist: ${JSON.stringify(rel)}` };
  }
  if (!inside(realBase, real)) return { error: `must stay inside the pipeline file's folder (${JSON.stringify(rel)} is a link to a file outside it)` };
  // Gone since realpath (a racing writer): said, not thrown as a raw ENOENT.
  if (!fs.statSync(real, { throwIfNoEntry: false })?.isFile()) return { error: `must name a regular file (got ${JSON.stringify(rel)})` };
  return { path: real };
}

/**
 * The text of `real` (a path confinedFile found inside `base`), read through a descriptor that is
 * checked to be inside `base` itself (openedInside): a folder on the path swapped for a link out
 * after the check reads nothing. `size` instead when it is larger than `maxBytes`.
 */
export function readInside(base: string, real: string, maxBytes: number): { text: string } | { size: number } | { error: string } {
  const changed = { error: "changed while it was being read (a folder or file on its path was replaced)" };
  let fd: number;
  try {
    fd = fs.openSync(real, NO_FOLLOW_READ);
  } catch {
    return changed;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !openedInside(fd, [base], real)) return changed;
    if (st.size > maxBytes) return { size: st.size };
    return { text: fs.readFileSync(fd, "utf8") };
  } finally {
    fs.closeSync(fd);
  }
}

/** True when `p` is `dir` or below it (both absolute): the client's, which checks where saved outputs land. */
export { isInside as inside } from "@monet-ai/client/node";

/**
 * Whether the open file `fd` is itself inside one of `dirs` (real paths). Checking a path and
 * then opening it is a race: a folder on the path swapped for a symlink in between (O_NOFOLLOW
 * guards only the last component) opens a file elsewhere. So the check reads where the open
 * file descriptor really is: on Linux the kernel's link /proc/self/fd/N; elsewhere (or without
 * /proc) `via`, the path it was opened by, resolved again, must be inside and name the very file
 * the descriptor holds (same device and inode), so a swap back after the open does not pass.
 */
export function openedInside(fd: number, dirs: readonly string[], via: string): boolean {
  if (process.platform === "linux") {
    try {
      const where = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (path.isAbsolute(where)) return dirs.some((d) => inside(d, where));
    } catch {
      /* no /proc: the portable check below */
    }
  }
  return heldInside(fd, dirs, via);
}

/**
 * Where the open file `fd` really is (a real path), by the same two ways as openedInside; the
 * client's, which checks where saved outputs are written too.
 */
export { whereOpened } from "@monet-ai/client/node";

/** openedInside's portable check: `via`, resolved now, is inside `dirs` and is the file `fd` holds. */
export function heldInside(fd: number, dirs: readonly string[], via: string): boolean {
  try {
    const real = fs.realpathSync(via);
    const [named, held] = [fs.statSync(real), fs.fstatSync(fd)];
    return dirs.some((d) => inside(d, real)) && named.dev === held.dev && named.ino === held.ino;
  } catch {
    return false;
  }
}
