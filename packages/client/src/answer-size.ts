// The largest answer the client reads. A page of 100 tasks is a few hundred kB; a lying server,
// or a small gzip body that inflates to gigabytes, must not fill the process's memory (an endless
// body grew one to 6 GB before V8 refused the string, after a minute).
import { APIError } from "./errors.js";

export const MAX_ANSWER_BYTES = 16 * 2 ** 20;

/** The body as text, at most MAX_ANSWER_BYTES: a declared size is checked before reading, any other as it arrives. */
export async function readAnswer(res: Response): Promise<string> {
  const declared = res.headers.get("content-length");
  const encoded = res.headers.has("content-encoding");
  // A declared size without an encoding is what arrives (fetch holds the server to it); one past
  // the limit fails on the first bytes.
  if (declared !== null && !encoded && +declared <= MAX_ANSWER_BYTES) return res.text();
  const reader = res.body?.getReader();
  const parts: Uint8Array[] = [];
  let size = encoded ? 0 : Number(declared ?? 0);
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.length;
    if (size > MAX_ANSWER_BYTES) {
      reader?.cancel().catch(() => {});
      throw new APIError(`The answer is larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB (HTTP ${res.status})`, { status: res.status });
    }
    parts.push(chunk.value);
  }
  return new Blob(parts as BlobPart[]).text();
}
