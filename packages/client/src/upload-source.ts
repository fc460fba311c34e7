// How a File says where its bytes come from when it is uploaded: fileFromPath's Files open the
// path again for each upload attempt, check through that descriptor that it is the file opened at
// the call, unchanged, and give the bytes read through that same descriptor. What is sent is the
// file that was checked, never whatever the path names at send time. A registered symbol, so the
// ESM and CommonJS builds of the client agree on it.

/** The key of a File's upload source: a function opening its bytes for one attempt, checked unchanged. */
export const UPLOAD_SOURCE: unique symbol = Symbol.for("@monet-ai/client.uploadSource");

/** One attempt's read of a file: its bytes, and `close`, which frees the descriptor however the attempt ends. */
export interface SourceRead {
  bytes: AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

export interface Sourced {
  [UPLOAD_SOURCE]?: () => Promise<SourceRead>;
}
