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

/**
 * Whether the open file `fd` is itself inside one of `dirs` (real paths). Checking a path and
 * then opening it is a race: a folder on the path swapped for a symlink in between (O_NOFOLLOW
 * guards only the last component) opens a file elsewhere. So the check reads where the open
 * file descriptor really is: on Linux the kernel's link /proc/self/fd/N; elsewhere (or without
 * /proc) `via`, the path it was opened by, resolved again, must be inside and name the very file
 * the descriptor holds (same device and inode), so a swap back after the open does not pass.
 */
export function openedInside(fd: number, dirs: string[], via: string): boolean {
  if (process.platform === "linux") {
    try {
      // A file deleted since reads as "<path> (deleted)": outside every folder, refused.
      const where = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (path.isAbsolute(where)) return dirs.some((d) => inside(d, where));
    } catch {
      /* no /proc: the portable check below */
    }
  }
  return heldInside(fd, dirs, via);
}

/** openedInside's portable check: `via`, resolved now, is inside `dirs` and is the file `fd` holds. */
export function heldInside(fd: number, dirs: string[], via: string): boolean {
  try {
    const real = fs.realpathSync(via);
    const [named, held] = [fs.statSync(real), fs.fstatSync(fd)];
    return dirs.some((d) => inside(d, real)) && named.dev === held.dev && named.ino === held.ino;
  } catch {
    return false;
  }
}
