// One run per output folder: a second one would write the same files. The lock is a file holding
// the pid of the process whose run holds it, linked into place whole (never seen empty).
// - Two runs in one process (a job worker, a server calling runPipeline twice) are kept apart by
//   a registry of the locks this process holds: a lock holding our own pid is live while a run of
//   ours holds it, and stale otherwise (a dead run's pid reused, as in a container where every
//   run is pid 1).
// - A dead run's lock is taken over by one process only. Removing it and creating a new one is
//   check-then-act: of 8 processes started at once against a dead lock, up to 3 ran. So a takeover
//   first claims the dead lock's generation, `lock.<pid>.takeover` (created exclusively: one
//   claimant), reads the lock again under that claim (it is still the dead one, or the takeover is
//   off) and replaces it by rename, which never leaves the name empty for a third process.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { MonetError } from "@monet-ai/client";
import { entryAt, notPlainFile } from "./out-dir.js";

/** The `code` of a FolderInUseError. */
export const FOLDER_IN_USE = "locked";

/**
 * Another live run holds the output folder: nothing was sent, and the same run works once that one
 * ends. `code` "locked" (the CLI's exit 6, retry later, `retryable: true`), so a scheduler can
 * tell "already running" from a failure (it was a plain Error, exit 1, code "failed").
 */
export class FolderInUseError extends MonetError {
  constructor(message: string) {
    super(message, { code: FOLDER_IN_USE });
  }
}
FolderInUseError.prototype.name = "FolderInUseError";

/** The lock files this process holds (one registry per loaded copy of this module). */
const held = new Set<string>();

/** A claim left by a process killed mid-takeover is itself taken over, this many levels deep. */
const MAX_DEPTH = 3;

/** Takes the lock `file` of output folder `root` for this run; returns its release. Throws, naming the holder, when a live run holds it. */
export function lockFolder(file: string, root: string): () => void {
  if (held.has(file)) throw busy(root, `another run in this process (${process.pid})`);
  take(file, root, 0);
  held.add(file);
  return () => {
    held.delete(file);
    fs.rmSync(file, { force: true });
  };
}

const busy = (root: string, who: string) => new FolderInUseError(`${who} is writing into ${root}; wait for it or stop it`);

/** Creates `file` holding our pid, taking over a dead process's; throws when a live one holds it. */
function take(file: string, root: string, depth: number): void {
  for (let tries = 0; tries < 5; tries++) {
    if (create(file)) return;
    const pid = holder(file);
    if (pid === undefined) continue; // released meanwhile: create it again
    if (live(pid)) throw busy(root, `another run (process ${pid})`);
    if (depth >= MAX_DEPTH) throw new Error(`could not take over the lock ${file} of a run that ended; remove it and the ${file}.*.takeover files`);
    // Only the claimant of this dead generation replaces it; every other process reads the lock again.
    const claim = `${file}.${pid}.takeover`;
    take(claim, root, depth + 1);
    try {
      const now = holder(file);
      if (now === pid && !live(pid)) {
        const fresh = written(file);
        try {
          fs.renameSync(fresh, file);
        } catch (e) {
          fs.rmSync(fresh, { force: true });
          throw e;
        }
        return;
      }
    } finally {
      fs.rmSync(claim, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

/** A new file beside `file` holding our pid, written whole. */
function written(file: string): string {
  const fresh = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.new`;
  // wx never follows a link: it fails on anything at the name.
  fs.writeFileSync(fresh, String(process.pid), { flag: "wx" });
  return fresh;
}

/**
 * Creates `file` holding our pid if nothing is there; false when something is. Linked into place
 * whole: created empty and then written, another process could read it empty (no pid: a dead
 * run's) in between and take it over.
 */
function create(file: string): boolean {
  const fresh = written(file);
  try {
    fs.linkSync(fresh, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // File systems without hard links: created exclusively, then written (the narrow window above).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw e;
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e2;
    }
  } finally {
    fs.rmSync(fresh, { force: true });
  }
}

/** The pid a lock file holds (0 when it holds none), or undefined when nothing is there. */
function holder(file: string): number | undefined {
  const st = entryAt(file);
  if (!st) return undefined;
  // Only a lock a run wrote is read (a FIFO would block, a link would read elsewhere).
  if (!st.isFile()) throw notPlainFile(file, st);
  try {
    return Number(fs.readFileSync(file, "utf8")) || 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * Whether the run that wrote `pid` may still be writing. Our own pid is not: lockFolder refused
 * first when a run of ours holds the lock, and a claim is never left by us (a takeover runs to its
 * end without yielding), so it was a dead process's with our pid.
 */
function live(pid: number): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
