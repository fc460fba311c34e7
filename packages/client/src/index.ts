// @monet-ai/client: the Monet AI API for Node, browsers, Deno, Bun and edge runtimes.

export type { APIPromise, WithResponse } from "./api-promise.js";
export type { OperationParams, OperationResponse } from "./client.js";
export { type ClientOptions, Monet } from "./client.js";
export type { RequestOptions } from "./core.js";
export * from "./errors.js";
export type { UploadData, UploadOptions } from "./files.js";
export type { OperationId, OperationTypes } from "./generated/operations.gen.js";
export type { Logger } from "./log.js";
export { type RetryInfo, type RetryPolicy, retryPolicy } from "./retry.js";
export type { StreamOptions } from "./stream.js";
export type { ListParams, TaskListing } from "./tasks.js";
export type * from "./types.js";
export type { WaitOptions } from "./wait.js";
