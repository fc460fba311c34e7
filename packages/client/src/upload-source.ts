// How a File says where its bytes come from when it is uploaded: fileFromPath's Files carry the
// handle opened at the call, so what is sent is the file opened then, not whatever the path names
// at send time. A registered symbol, so the ESM and CommonJS builds of the client agree on it.

/** The key of a File's upload source: a function giving its bytes from the start, checked unchanged. */
export const UPLOAD_SOURCE: unique symbol = Symbol.for("@monet-ai/client.uploadSource") as never;

export interface Sourced {
  [UPLOAD_SOURCE]?: () => Promise<AsyncIterable<Uint8Array>>;
}
