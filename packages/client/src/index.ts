// @monet-ai/client: the Monet AI API for Node, browsers, Deno, Bun and edge runtimes.
export { Monet, type ClientOptions } from "./client.js";
export * from "./errors.js";
export type { RequestOptions } from "./core.js";
export type { RetryPolicy, RetryInfo } from "./retry.js";
export type { APIPromise, WithResponse } from "./api-promise.js";
export type { OperationParams, OperationResponse } from "./client.js";
export type { OperationId, OperationTypes } from "./generated/operations.gen.js";
export type { WaitOptions } from "./wait.js";
export type { StreamOptions } from "./stream.js";
export type { UploadData, UploadOptions } from "./files.js";
export type { ListParams, TaskListing } from "./tasks.js";
export type { Logger } from "./log.js";
export type * from "./types.js";
