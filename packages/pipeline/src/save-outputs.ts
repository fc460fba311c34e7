// Saving a finished task's outputs as DIR/<step>/<item>.<ext>, journaled before and after each
// download, unless the journal says the very output is on disk already under the item's name. A
// file at the name is replaced only if the journal proves the run saved it (own-files.ts).
import fs from "node:fs";
import path from "node:path";
import { InputValidationError } from "@monet-ai/client";
import type { TaskNode } from "./definition.js";
import { hashedFetch } from "./hashed-fetch.js";
import { hashedKey, type Journal } from "./journal.js";
import type { ManifestTask } from "./manifest.js";
import { folderInside } from "./out-dir.js";
import { FolderListing, outputName, removeOwn, saveNamed } from "./output-files.js";
import { wrongType } from "./output-types.js";
import { fileSha256, savedByRun } from "./own-files.js";
import type { TaskContext } from "./task-context.js";

type SaveContext = Pick<TaskContext, "root" | "journal" | "downloads" | "download" | "allowOrigins" | "signal" | "report" | "stop">;

/** Saves every output of a finished task, unless the journal says it is on disk already. */
export async function saveOutputs(ctx: SaveContext, node: TaskNode, key: string, entry: ManifestTask) {
  const { root, journal, signal } = ctx;
  // A download slot is taken only for a download: a rerun of a finished folder queued every item
  // on the 8 slots to keep its files, and that queue's inserts (and its abort listeners on one
  // signal) cost n² (6 s of a 10,000-item rerun).
  let release: (() => void) | undefined;
  let fetched = 0;
  try {
    // Checked again: a link put in place of the folder during the run is not followed.
    let dir = folderInside(root, node.step.name, true);
    // A file the journal says another item saved is never removed for this one.
    const theirs = (file: string) => {
      const by = journal.savedBy.get(path.relative(root, path.join(dir, file)));
      return by !== undefined && by !== node.id;
    };
    // Files at `name` the journal proves this item saved: none other is ever removed. A "saving"
    // record is no proof: a save the run refused (a user's file in the way) left one too. A file
    // holding the very bytes the item's last save downloaded (its "hashed" record) is: the run was
    // killed after renaming it into place, before journaling it as saved. It is removed and fetched
    // again, not adopted: the new save checks its media type again and journals it as saved.
    const proved = async (name: string) => {
      const own = new Set<string>();
      const hashed = journal.hashed.get(hashedKey(node.id, name));
      for (const e of listing(journal, dir).of(name)) {
        const file = path.join(dir, e);
        const saved = journal.savedAt.get(path.relative(root, file));
        if ((saved?.node === node.id && (await savedByRun(file, saved))) || (await savedByRun(file, hashed))) own.add(e);
      }
      return own;
    };
    for (const [i, url] of entry.outputs.entries()) {
      const name = outputName(node.itemName, i);
      const ours = journal.saving.get(node.id)?.has(name);
      // A download cut short by a crash leaves its temporary file: ours to remove.
      if (ours) removeOwn(listing(journal, dir), dir, name, "parts", theirs);
      const had = journal.saved.get(`${key}#${i}`);
      // Kept only under the item's name now (names by position move when the list is edited), and
      // only if this output is what was saved there last: else it is fetched again under this name.
      if (
        had &&
        journal.savedFrom.get(had.path) === `${key}#${i}` &&
        namedAs(had.path, node.step.name, name) &&
        // A file saved as a success before types were checked is fetched again (and refused).
        !wrongType(node.step.type, had.contentType, i, path.join(root, had.path)) &&
        sameSize(path.join(root, had.path), had.bytes)
      ) {
        entry.files.push(had.path);
        continue;
      }
      // A file under this name that an earlier run of this pipeline saved (an older input) is replaced;
      // anything else there stays, and the save below is refused, naming it, on every run.
      const own = await proved(name);
      removeOwn(listing(journal, dir), dir, name, "files", (e) => !own.has(e));
      if (!release) {
        release = await ctx.downloads.take([0], signal);
        dir = folderInside(root, node.step.name, true);
      }
      journal.append({ t: "saving", key, node: node.id, index: i, name });
      // `within`: the temporary file is checked to be inside the output folder once opened (a step
      // folder swapped for a link out during the download fails this save, writing nothing there).
      // Journaled as the body ends, before the rename: the proof a crash before "saved" leaves.
      const hashing = hashedFetch((bytes, sha256) => journal.append({ t: "hashed", key, node: node.id, index: i, name, bytes, sha256 }));
      const saved = await saveNamed(ctx.download, url, { dir, name, allowOrigins: ctx.allowOrigins, signal, within: root, fetch: hashing.fetch });
      // What the server said (text/html), not the listed type the client gives it (octet-stream).
      const said = saved.declaredType ?? saved.contentType;
      const wrong = wrongType(node.step.type, said, i, saved.path);
      if (wrong) {
        // Never journaled as saved: a rerun fetches it again (the server may have been wrong once).
        fs.rmSync(saved.path, { force: true });
        throw Object.assign(new Error(wrong), { code: "wrong_type" });
      }
      const rel = path.relative(root, saved.path);
      // Its SHA-256: what proves, on a later run, that the file there is still the one saved. Of
      // the bytes downloaded; read back only from a download that did not fetch through `hashing`.
      const sha256 = hashing.sha256(saved.bytes) ?? (await fileSha256(saved.path));
      journal.append({ t: "saved", key, node: node.id, index: i, path: rel, bytes: saved.bytes, contentType: said, ...(sha256 ? { sha256 } : {}) });
      entry.files.push(rel);
      fetched++;
    }
    entry.timings.saved_at = new Date().toISOString();
    // "saved" only for downloads: files already on disk from this task are "kept".
    ctx.report(node, fetched ? "saved" : "kept", { id: entry.id, files: entry.files });
  } catch (e) {
    // A full disk stops the run (stop.ts): the task stays the API's success, its files unsaved,
    // and the rerun once there is space saves them (nothing is created again).
    if (!signal?.aborted && ctx.stop(e)) {
      entry.status = "unfinished";
      entry.error = `the task succeeded but its output could not be saved: ${(e as Error).message}; a rerun saves it`;
    }
    if (signal?.aborted) throw e;
    entry.status = "failed";
    const why = e instanceof InputValidationError ? e.issues.map((i) => i.message).join("; ") : (e as Error).message;
    entry.error = `the task succeeded but its output could not be saved: ${why}`;
    // Over the size cap: the same cap stops the next download at the same size (a larger one helps).
    const code = (e as { code?: unknown }).code;
    if (code === "too_large") entry.cause = "too-large";
    // Not of the step's media: a rerun fetches the same URL, and gets the same answer while the host serves it.
    if (code === "wrong_type") entry.cause = "wrong-type";
    // A file the run did not save is at the name: never overwritten, so a rerun alone fails the same way.
    if (code === "in_the_way") entry.cause = "in-the-way";
    ctx.report(node, "failed", { id: entry.id, error: entry.error, ...(entry.cause ? { cause: entry.cause } : {}) });
  } finally {
    release?.();
  }
}

/** Each step folder's listing, read once per run (the run's journal stands for the run). */
const listings = new WeakMap<Journal, Map<string, FolderListing>>();
const listing = (journal: Journal, dir: string): FolderListing => {
  const byDir = listings.get(journal) ?? new Map<string, FolderListing>();
  listings.set(journal, byDir);
  const had = byDir.get(dir);
  if (had) return had;
  const l = new FolderListing(dir);
  byDir.set(dir, l);
  return l;
};

/** Whether `rel` (relative to the output folder) is `<step>/<name>.<ext>`. */
const namedAs = (rel: string, step: string, name: string) => {
  const base = path.basename(rel);
  return path.dirname(rel) === step && base.startsWith(name) && /^(\.[a-z0-9]+)?$/.test(base.slice(name.length));
};

const sameSize = (file: string, bytes: number) => {
  try {
    return fs.lstatSync(file).isFile() && fs.statSync(file).size === bytes;
  } catch {
    return false;
  }
};
