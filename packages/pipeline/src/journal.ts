// The run's memory on disk: an append-only JSONL file in the output folder, one record per fact
// (an upload, a create about to be sent, a task created, a task finished, a file saved), each written before the run goes on
// (a killed process loses nothing) and fsync'd in the background, in batches: a flush takes
// milliseconds, and a run of 500 tasks writes 2,000 records, so flushing each one in line held the
// event loop (and every request's turn) for seconds. A power cut may lose the last records; the
// idempotency keys make that harmless (a rerun finds those tasks again by their keys).
// A rerun reads it back to re-attach to running tasks and keep finished outputs. Its first record
// names the pipeline: a run of another name is refused, since it would take these files for its own.
import fs from "node:fs";
import path from "node:path";
import { lockFolder } from "./folder-lock.js";
import { NO_FOLLOW, NO_FOLLOW_READ } from "./no-follow-read.js";
import { entryAt, folderInside, notPlainFile, otherPipeline, outDirError, STATE_DIR } from "./out-dir.js";

export type JournalRecord =
  | { t: "pipeline"; name: string }
  | { t: "upload"; sha256: string; url: string; expires_at?: string }
  /** Written before a create is sent: a rerun after a crash re-sends this key (and this input) and re-attaches. */
  | { t: "creating"; key: string; node: string; attempt: number; input: Record<string, unknown> }
  | { t: "created"; key: string; node: string; id: string; created_at?: string }
  /** An item's name when the run saw it, by what keys call it: a later dry run tells names that moved. */
  | { t: "item"; key: string; name: string }
  | { t: "final"; key: string; node: string; id: string; status: string; outputs: string[]; error?: string; updated_at?: string }
  /** The API answered 404 for the task: it does not have it (expired, removed). Like a failure, only --retry-failed creates it again. */
  | { t: "gone"; key: string; node: string; id: string }
  /** A save about to start: its temporary files (a crash's leftovers) are the run's to remove; never the file at the name. */
  | { t: "saving"; key: string; node: string; index: number; name: string }
  /**
   * A save's body, downloaded whole: its size and SHA-256, written before the file is renamed into
   * place. A file at the name with these bytes, and no later "saving" of that name, is the run's own
   * (a crash came between the rename and the "saved" record). Journals of older versions have none.
   */
  | { t: "hashed"; key: string; node: string; index: number; name: string; bytes: number; sha256: string }
  /** Written once the file is in place: its size and SHA-256 are what prove a file at that path is the run's own. */
  | { t: "saved"; key: string; node: string; index: number; path: string; bytes: number; contentType: string; sha256?: string };

/** What a journal remembers, without the means to write it: the view a dry run reads. */
export type JournalView = Pick<Journal, "owner" | "uploads" | "creating" | "created" | "finals" | "gone" | "names">;

/** The journal's file name in the output folder's STATE_DIR. */
export const JOURNAL = "journal.jsonl";

export class Journal {
  /** The pipeline that writes into this folder (journals of older versions do not say). */
  owner?: string;
  readonly uploads = new Map<string, Extract<JournalRecord, { t: "upload" }>>();
  /** Creates sent (or about to be), by key, each body sent: their answer may never have come back. */
  readonly creating = new Map<string, Extract<JournalRecord, { t: "creating" }>[]>();
  readonly created = new Map<string, Extract<JournalRecord, { t: "created" }>>();
  readonly finals = new Map<string, Extract<JournalRecord, { t: "final" }>>();
  readonly gone = new Map<string, Extract<JournalRecord, { t: "gone" }>>();
  /** Output names this pipeline started writing, per node: their temporary files may be removed. */
  readonly saving = new Map<string, Set<string>>();
  /** `<node>\n<name>` -> the last body hashed for that output name since its last "saving". */
  readonly hashed = new Map<string, Extract<JournalRecord, { t: "hashed" }>>();
  /** `key#index` -> the saved file. */
  readonly saved = new Map<string, Extract<JournalRecord, { t: "saved" }>>();
  /** A saved file (relative to the output folder) -> the node that saved it last. */
  readonly savedBy = new Map<string, string>();
  /** A saved file (relative to the output folder) -> `key#index` of the output saved there last. */
  readonly savedFrom = new Map<string, string>();
  /** A saved file (relative to the output folder) -> the record of the output saved there last. */
  readonly savedAt = new Map<string, Extract<JournalRecord, { t: "saved" }>>();
  /** An item's key (item-keys.ts) -> its name when a run last saw it. */
  readonly names = new Map<string, string>();
  private fd = -1;
  /** Releases the folder lock (nothing to release for a read-only view). */
  private unlock: () => void = () => {};
  /** A background fsync is running; `dirty`: records came after it started. */
  private syncing = false;
  private dirty = false;
  private closing = false;
  /** The last record's write failed: its line may stop halfway. */
  private torn = false;

  /** `readOnly`: the text of a journal to view (see view): no lock, nothing opened. */
  private constructor(
    readonly file: string,
    readOnly?: string,
  ) {
    if (readOnly !== undefined) {
      this.load(readOnly);
      return;
    }
    const dir = path.dirname(file);
    this.unlock = lockFolder(path.join(dir, "lock"), path.dirname(dir));
    let fd: number | undefined;
    let text: string;
    try {
      fd = openOwn(file);
      text = fs.readFileSync(fd, "utf8");
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      this.unlock();
      throw e;
    }
    this.fd = fd;
    this.load(text);
    if (text && !text.endsWith("\n")) fs.writeSync(this.fd, "\n");
    if (!text) {
      // The new file's directory entry must survive a crash too.
      const dfd = fs.openSync(dir, "r");
      fs.fsyncSync(dfd);
      fs.closeSync(dfd);
    }
  }

  /**
   * Whether the output folder `root` (a real path) holds a journal: checks, creating nothing, that
   * .pipeline stays inside it and that a journal there is a regular file, not a link.
   */
  static exists(root: string): boolean {
    const st = entryAt(path.join(folderInside(root, STATE_DIR, false), JOURNAL));
    if (st && !st.isFile()) throw notPlainFile(path.join(root, STATE_DIR, JOURNAL), st);
    return st !== undefined;
  }

  /**
   * Opens (or starts) the journal of pipeline `name`'s run into `root` (a real path); refuses, having
   * sent nothing, a journal another pipeline wrote.
   */
  static open(root: string, name: string): Journal {
    Journal.exists(root);
    const journal = new Journal(path.join(folderInside(root, STATE_DIR, true), JOURNAL));
    if (journal.owner === undefined) journal.append({ t: "pipeline", name });
    else if (journal.owner !== name) {
      journal.close();
      throw otherPipeline(root, journal.file, journal.owner, name);
    }
    return journal;
  }

  /**
   * What the journal in the output folder `outDir` remembers, read without locking or creating
   * anything, never through a link (what a dry run reads); undefined when there is none.
   */
  static view(outDir: string): JournalView | undefined {
    try {
      const root = fs.realpathSync(outDir);
      const file = path.join(folderInside(root, STATE_DIR, false), JOURNAL);
      const fd = fs.openSync(file, NO_FOLLOW_READ);
      try {
        if (!fs.fstatSync(fd).isFile()) return undefined;
        return new Journal(file, fs.readFileSync(fd, "utf8"));
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /** Every record of `text`; a record cut short by a crash is ignored (the next one starts on its own line). */
  private load(text: string) {
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        this.remember(JSON.parse(line) as JournalRecord);
      } catch {}
    }
  }

  /**
   * Writes one record whole (into the file at once; onto the disk with the next background flush),
   * or throws. A full disk writes part of it first: the rest is written, or the write throws (a
   * short write taken as done left half a record, and the run went on as if it were journaled).
   * A record after a failed one starts on its own line, not glued to the half line (both lost).
   */
  append(rec: JournalRecord) {
    const line = Buffer.from(`${this.torn ? "\n" : ""}${JSON.stringify(rec)}\n`);
    this.torn = true;
    for (let at = 0; at < line.length; ) at += fs.writeSync(this.fd, line, at);
    this.torn = false;
    this.remember(rec);
    this.flush();
  }

  /** One fsync at a time; records that come meanwhile go with the next one. */
  private flush() {
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    this.dirty = false;
    fs.fsync(this.fd, () => {
      this.syncing = false;
      if (this.closing) fs.closeSync(this.fd);
      else if (this.dirty) this.flush();
    });
  }

  /** Flushes everything to disk, then releases the folder. */
  close() {
    fs.fsyncSync(this.fd);
    // A background flush still running closes the file when it ends.
    if (this.syncing) this.closing = true;
    else fs.closeSync(this.fd);
    this.unlock();
  }

  private remember(rec: JournalRecord) {
    if (rec.t === "pipeline") this.owner ??= rec.name;
    else if (rec.t === "upload") this.uploads.set(rec.sha256, rec);
    else if (rec.t === "creating") this.creating.set(rec.key, [...(this.creating.get(rec.key) ?? []), rec]);
    else if (rec.t === "item") this.names.set(rec.key, rec.name);
    else if (rec.t === "created") this.created.set(rec.key, rec);
    else if (rec.t === "final") this.finals.set(rec.key, rec);
    else if (rec.t === "gone") this.gone.set(rec.key, rec);
    else if (rec.t === "saving") {
      const set = this.saving.get(rec.node) ?? new Set();
      set.add(rec.name);
      this.saving.set(rec.node, set);
      // A new save of the name: a body hashed for an earlier one proves nothing about the file now.
      this.hashed.delete(hashedKey(rec.node, rec.name));
    } else if (rec.t === "hashed") this.hashed.set(hashedKey(rec.node, rec.name), rec);
    else if (rec.t === "saved") {
      this.saved.set(`${rec.key}#${rec.index}`, rec);
      this.savedBy.set(rec.path, rec.node);
      this.savedFrom.set(rec.path, `${rec.key}#${rec.index}`);
      this.savedAt.set(rec.path, rec);
    }
  }
}

/** The key of `Journal.hashed` for output `name` of node `node`. */
export const hashedKey = (node: string, name: string) => `${node}\n${name}`;

/** The journal for appending and reading back, never through a link (a link there would take the records elsewhere). */
function openOwn(file: string): number {
  const st = entryAt(file);
  if (st && !st.isFile()) throw notPlainFile(file, st);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | NO_FOLLOW, 0o666);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP")
      throw outDirError(`${file} is a link; the run never writes through it (remove it, or choose another out folder)`);
    throw e;
  }
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    throw outDirError(`${file} is not a regular file (remove it, or choose another out folder)`);
  }
  return fd;
}
