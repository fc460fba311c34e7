// Where an open file really is. Checking a path and then opening it is a race: a folder on the
// path swapped for a symlink in between (O_NOFOLLOW guards only the last component) opens a file
// elsewhere. So what counts is where the open file descriptor is: on Linux the kernel's link
// /proc/self/fd/N; elsewhere (or without /proc) `via`, the path it was opened by, resolved again,
// if it names the very file the descriptor holds (same device and inode), so a swap back after
// the open does not pass.
import fs from "node:fs";
import path from "node:path";

/**
 * The real path of the open file `fd` (opened by the path `via`), or undefined when that cannot
 * be told (the file was replaced or deleted since it was opened).
 */
export function whereOpened(fd: number, via: string): string | undefined {
  if (process.platform === "linux") {
    try {
      const where = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (path.isAbsolute(where)) return where.endsWith(" (deleted)") ? undefined : where;
    } catch {
      /* no /proc: the portable check below */
    }
  }
  try {
    const real = fs.realpathSync(via);
    const [named, held] = [fs.statSync(real), fs.fstatSync(fd)];
    return named.dev === held.dev && named.ino === held.ino ? real : undefined;
  } catch {
    return undefined;
  }
}

/** True when `p` is `dir` or below it (both absolute). */
export function isInside(dir: string, p: string): boolean {
  const r = path.relative(dir, p);
  return r === "" || (!r.startsWith("..") && !path.isAbsolute(r));
}
