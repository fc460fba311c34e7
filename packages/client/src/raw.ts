// @monet-ai/client/raw: the low-level SDK functions and fetch client hey-api generates from the
// spec, for callers who want the bare operations without the layer on top.

export { createClient, createConfig } from "./generated/client/index.js";
export * from "./generated/index.js";

import type { ErrorResponse, UploadedFile } from "./generated/types.gen.js";
/** @deprecated Renamed `UploadedFile` (a type named `File` hides the global `File`). */
export type File = UploadedFile;
/** @deprecated Renamed `ErrorResponse` (a type named `Error` hides the global `Error`). */
export type Error = ErrorResponse;
