// Uploaded files, kept in memory for `lifetime` (the API's file lifetime by default, from the spec). Each belongs
// to the key that uploaded it and is reached by an unguessable id (128 random bits), like a
// signed URL: no one lists another key's files. Memory is bounded: expired files are freed by a
// sweep, and past `maxBytes` or `maxFiles` files are evicted: the oldest of the key that holds
// the most (bytes, or files, whichever cap is reached), so a page uploading with its own key
// evicts its own files, not the developer's (audit s20-mock F4). A freed file's id is
// remembered (without its bytes) so its URL can say 410 and why.
import { Ids } from "./ids.js";

export interface StoredFile {
  id: string;
  owner: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  created: number;
}

export interface FileLimits {
  lifetime: number;
  maxBytes: number;
  maxFiles: number;
}

export type Gone = "expired" | "evicted";
const MAX_GONE = 100_000;

/**
 * The upload's name as its URL's last segment (cosmetic: the id finds the file). A name of dots
 * alone is a dot segment every URL parser resolves away ("<id>/.." is the folder above), so those
 * dots are written as "_"; the upload keeps its name (filename, Content-Disposition).
 */
const urlName = (filename: string) => (/^\.{1,2}$/.test(filename) ? filename.replace(/\./g, "_") : encodeURIComponent(filename));

export class FileStore {
  /** Oldest first (insertion order), so sweeping and eviction stop at the first young file. */
  private files = new Map<string, StoredFile>();
  private gone = new Map<string, Gone>();
  private bytes = 0;
  /** Each owner's bytes and files: who is evicted from first. */
  private held = new Map<string, { bytes: number; files: number }>();

  /** `now`: the mock's clock (clock.ts); `ids`: where upload ids come from (ids.ts: random unless seeded). */
  constructor(
    private limits: FileLimits,
    private readonly clock: () => number = Date.now,
    private readonly ids = new Ids(),
  ) {}

  /** The mock's time now. */
  now() {
    return this.clock();
  }

  /** Bytes of every stored upload together. */
  get storedBytes() {
    return this.bytes;
  }

  get lifetime() {
    return this.limits.lifetime;
  }

  add(owner: string, filename: string, contentType: string, bytes: Uint8Array, now = this.clock()) {
    this.sweep(now);
    // Until the new file fits: the oldest file (a Map iterates in insertion order) of the owner
    // holding the most of what is over its cap.
    for (;;) {
      const overBytes = this.bytes + bytes.byteLength > this.limits.maxBytes;
      if ((!overBytes && this.files.size < this.limits.maxFiles) || !this.files.size) break;
      const victim = this.largest(overBytes ? "bytes" : "files");
      for (const f of this.files.values())
        if (f.owner === victim) {
          this.drop(f.id, "evicted");
          break;
        }
    }
    const f: StoredFile = { id: this.ids.fileId(), owner, filename, contentType, bytes, created: now };
    this.files.set(f.id, f);
    this.bytes += bytes.byteLength;
    const h = this.held.get(owner) ?? { bytes: 0, files: 0 };
    h.bytes += bytes.byteLength;
    h.files++;
    this.held.set(owner, h);
    return f;
  }

  /** The owner holding the most bytes or files (of several, the first to upload). */
  private largest(of: "bytes" | "files") {
    let most: string | undefined;
    let n = -1;
    for (const [owner, h] of this.held)
      if (h[of] > n) {
        most = owner;
        n = h[of];
      }
    return most;
  }

  expired(f: StoredFile, now = this.clock()) {
    return now - f.created >= this.limits.lifetime;
  }

  /** The file, or why it is gone (expired or evicted), or undefined when it never existed. */
  get(id: string, now = this.clock()): StoredFile | Gone | undefined {
    const f = this.files.get(id);
    if (f && this.expired(f, now)) {
      this.drop(id, "expired");
      return "expired";
    }
    return f ?? this.gone.get(id);
  }

  /** Frees every expired file. Files are in upload order, so this stops at the first live one. */
  sweep(now = this.clock()) {
    for (const f of this.files.values()) {
      if (!this.expired(f, now)) break;
      this.drop(f.id, "expired");
    }
  }

  view(f: StoredFile, origin: string) {
    return {
      id: f.id,
      url: `${origin}/__mock/files/${f.id}/${urlName(f.filename)}`,
      filename: f.filename,
      size: f.bytes.byteLength,
      content_type: f.contentType,
      created_at: new Date(f.created).toISOString(),
    };
  }

  /** When the file is deleted: shown by the control listing, not the upload answer (the reference's has no expiry field). */
  expiresAt(f: StoredFile) {
    return new Date(f.created + this.limits.lifetime).toISOString();
  }

  /** Stored files (of one owner, when given), oldest first. */
  list(origin: string, owner?: string, now = this.clock()) {
    const out = [];
    for (const f of this.files.values())
      if (owner === undefined || f.owner === owner) out.push({ ...this.view(f, origin), expires_at: this.expiresAt(f), expired: this.expired(f, now) });
    return out;
  }

  clear() {
    this.files.clear();
    this.gone.clear();
    this.held.clear();
    this.bytes = 0;
  }

  private drop(id: string, why: Gone) {
    const f = this.files.get(id);
    if (!f) return;
    this.files.delete(id);
    this.bytes -= f.bytes.byteLength;
    const h = this.held.get(f.owner);
    if (h) {
      h.bytes -= f.bytes.byteLength;
      if (!--h.files) this.held.delete(f.owner);
    }
    this.gone.set(id, why);
    for (const old of this.gone.keys()) {
      if (this.gone.size <= MAX_GONE) break;
      this.gone.delete(old);
    }
  }
}
