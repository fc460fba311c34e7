// Which files at an output name the run may replace: only one the journal says it saved there,
// still of the size and SHA-256 it saved. A "saving" record is no proof (it is written before the
// save, which may have been refused: the file at the name was then the user's), nor is a name.
// Nor is a "hashed" record alone, but a file with its exact size and SHA-256 holds the bytes the run
// downloaded: the run renamed it into place and was killed before journaling it as saved.
import { createHash } from "node:crypto";
import fs, { promises as fsp } from "node:fs";
import type { JournalRecord } from "./journal.js";
import { NO_FOLLOW_READ } from "./no-follow-read.js";

type SavedRecord = Extract<JournalRecord, { t: "saved" } | { t: "hashed" }>;

/** The SHA-256 of the regular file `file` (hex), never through a link; undefined for anything else. */
export async function fileSha256(file: string): Promise<string | undefined> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, NO_FOLLOW_READ);
  } catch {
    return undefined;
  }
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const h = createHash("sha256");
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) h.update(chunk as Buffer);
    return h.digest("hex");
  } finally {
    await handle.close();
  }
}

/**
 * Whether `file` is what `saved` (the journal's last "saved" record for its path, or the last body
 * hashed for its name) says the run wrote:
 * a regular file, not a link, of its size and SHA-256. A record of an older version, without a
 * SHA-256, proves nothing: that file is kept, and the save refused, naming it.
 */
export async function savedByRun(file: string, saved: SavedRecord | undefined): Promise<boolean> {
  if (!saved?.sha256) return false;
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size !== saved.bytes) return false;
  } catch {
    return false;
  }
  return (await fileSha256(file)) === saved.sha256;
}
