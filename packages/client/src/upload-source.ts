// How a File says where its bytes come from when it is uploaded: fileFromPath's Files check, before
// each upload, that the path still names the file opened at the call, unchanged, so what is sent
// is that file, not whatever the path names at send time. A registered symbol, so the ESM and
// CommonJS builds of the client agree on it.

/** The key of a File's upload source: a function giving its bytes, checked unchanged. */
export const UPLOAD_SOURCE: unique symbol = Symbol.for("@monet-ai/client.uploadSource");

export interface Sourced {
  [UPLOAD_SOURCE]?: () => Promise<Blob>;
}
