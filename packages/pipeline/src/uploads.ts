// Local files named in inputs are uploaded once per content (by SHA-256), and the URL is kept in
// the journal, so every item and every rerun that uses the same file reuses it until it expires.
// Keys name the file by its SHA-256, not by the URL: a task found in the journal needs no upload.
import { FILE_LIFETIME_MS } from "@monet-ai/client/operations";
import type { Api } from "./api.js";
import type { Journal } from "./journal.js";
import { hashMedia, type LocalFile, openMedia } from "./local-media.js";

/** An upload is reused while it has at least this long to live (tasks read it after creation). */
const MARGIN_MS = 60 * 60 * 1000;

export class Uploads {
  private inflight = new Map<string, Promise<string>>();
  private hashes = new Map<string, Promise<string>>();
  /** Files sent to the API by this run. */
  count = 0;

  constructor(
    private readonly api: Api,
    private readonly journal: Journal,
    /** The pipeline's folder (its real path): every file is read only if it is inside it. */
    private readonly base: string,
  ) {}

  /** The file's SHA-256 (read once per run, through a checked handle): what idempotency keys call it. */
  sha256(file: LocalFile): Promise<string> {
    let h = this.hashes.get(file.path);
    if (!h) {
      h = hashMedia(this.base, file);
      this.hashes.set(file.path, h);
    }
    return h;
  }

  /** The URL of the latest upload of this content the journal knows, live or not. */
  journaled(sha: string): string | undefined {
    return this.journal.uploads.get(sha)?.url;
  }

  /** A URL of the file's content with at least MARGIN_MS to live: the journaled one, else a new upload. */
  async url(file: LocalFile): Promise<string> {
    const sha = await this.sha256(file);
    const known = this.journal.uploads.get(sha);
    // A journaled upload of unknown age (no expires_at: older versions) is uploaded again.
    if (known?.expires_at && Date.parse(known.expires_at) - Date.now() > MARGIN_MS) return known.url;
    let p = this.inflight.get(sha);
    if (!p) {
      // Each attempt opens and checks the file again, and sends what that handle reads.
      p = this.api
        .upload(() => openMedia(this.base, file))
        .then((f) => {
          this.count++;
          // The answer may carry no expires_at (the reference's has none): its lifetime, from the
          // spec, counts from its creation. Without it the upload was reused for ever, and a create
          // a day later sent a URL the API had deleted.
          const expires = f.expires_at ?? new Date((Date.parse(f.created_at ?? "") || Date.now()) + FILE_LIFETIME_MS).toISOString();
          this.journal.append({ t: "upload", sha256: sha, url: f.url, expires_at: expires });
          return f.url;
        });
      this.inflight.set(sha, p);
      p.catch(() => this.inflight.delete(sha));
    }
    return p;
  }
}
