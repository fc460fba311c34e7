// The SHA-256 of an output as it is downloaded, not read back from its file afterwards: the saved
// record's hash is what proves, on a later run, that the file at the name is the run's own (and so
// may be replaced). Read back, it was of whatever was at the path by then (a file swapped in after
// the save was adopted as the run's), and every output was read twice. The save path's own seam
// carries it: the download's `fetch` option (saveOutput's), through which the body is hashed as
// it goes to the file. A download that fetches otherwise gives no hash, and the file is read back.
// `onHashed` hears each hash as its body ends, before the downloader renames the file into place:
// the caller journals it then, so a crash between the rename and the "saved" record still leaves
// proof that the file at the name is the run's own.
import { createHash } from "node:crypto";

// Statuses whose Response may not have a body: passed on as they are (nothing to hash).
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/** A `fetch` that hashes each body it hands out, and the hash of the last one read to its end. */
export function hashedFetch(onHashed?: (bytes: number, sha256: string) => void): { fetch: typeof fetch; sha256(bytes: number): string | undefined } {
  let last: { bytes: number; sha256: string } | undefined;
  const hashing = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const res = await globalThis.fetch(input, init);
    if (!res.body || NO_BODY.has(res.status)) return res;
    const h = createHash("sha256");
    let bytes = 0;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, c) {
          h.update(chunk);
          bytes += chunk.byteLength;
          c.enqueue(chunk);
        },
        // Only a body read to its end: a redirect's, cancelled, or one cut short gives no hash.
        flush() {
          last = { bytes, sha256: h.digest("hex") };
          onHashed?.(last.bytes, last.sha256);
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return {
    fetch: hashing as typeof fetch,
    // Of the saved file's size only: a download that fetched something else last gives none.
    sha256: (bytes) => (last?.bytes === bytes ? last.sha256 : undefined),
  };
}
