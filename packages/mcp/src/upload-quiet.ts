// upload_file's bound (MONET_MCP_MAX_WAIT). A large file may rightly take longer than the bound to
// send, so the bound does not cap the whole upload: it caps each stretch in which nothing moves,
// from the start until the API takes the first bytes, between two chunks it takes, and from the
// last chunk until its answer. An API that accepts the connection and then says nothing is given
// up on within the bound; an upload that keeps going is not cut short.
import type { OpenFile } from "@monet-ai/client/node";

export function quietLimit(ms: number, cancelled: AbortSignal) {
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new Error(`the upload stood still for ${ms} ms`)), ms);
  };
  const onCancel = () => ctrl.abort(cancelled.reason);
  cancelled.addEventListener("abort", onCancel, { once: true });
  arm();
  /** The file's chunks as they are read; each one the upload asks for next restarts the clock. */
  async function* watched(chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      yield chunk;
      // Asked for the next: the one before was taken.
      arm();
    }
  }
  return {
    /** The upload's signal: the client's cancel, or the bound run out while nothing moved. */
    signal: ctrl.signal,
    /**
     * `handle`, whose reads and read streams restart the clock as the upload takes their chunks:
     * the upload reads each chunk when it asks for it (the one before was taken), and an attempt
     * after an answer (a 503) reads from the start again.
     */
    watch: (handle: OpenFile): OpenFile => ({
      read: (...a) => {
        arm();
        return handle.read(...a);
      },
      createReadStream: (o) => watched(handle.createReadStream(o)),
      close: () => handle.close(),
    }),
    /** Leaves no timer or listener behind. */
    done() {
      clearTimeout(timer);
      cancelled.removeEventListener("abort", onCancel);
    },
  };
}
