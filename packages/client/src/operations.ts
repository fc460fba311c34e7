// @monet-ai/client/operations: the operations table generated from the spec (method, path,
// parameters with their bounds and defaults, schemas, content types, streaming and multipart
// flags, x- extensions), for tools that build on the API (the CLI, the MCP server, pipelines),
// with the client's rules for durations and counts and its sleep, so those tools repeat neither.
import type { APIPromise } from "./api-promise.js";
import type { Monet } from "./client.js";
import type { RequestOptions } from "./core.js";
import { getTask, type Operation, type ParamSchema } from "./generated/operations.gen.js";

export { baseUrlOf } from "./base-url.js";
export { FILE_LIFETIME, FILE_LIFETIME_MS, MAX_UPLOAD_BYTES } from "./file-rules.js";
export * from "./generated/operations.gen.js";
export { FINAL_STATUSES, SUCCESS_STATUS, TASK_STATUSES, TASK_TYPES } from "./generated/task-rules.gen.js";
export { count, ms } from "./option-values.js";
export { POLL_INTERVAL_MS } from "./poll-interval.js";
export { refuse } from "./refuse.js";
export { MAX_RETRY_AFTER_S } from "./retry.js";
export { cut } from "./server-text.js";
export { sleep } from "./sleep.js";
export { isFollowableTaskId } from "./task-id.js";
export { isFinal } from "./task-status.js";
export { WAIT_TIMEOUT_MS } from "./wait-timeout.js";

/** The poll intervals a tool lets its user choose, in ms (getTask's x-monet-poll-interval-min-ms / -max-ms). */
export const POLL_INTERVAL_RANGE_MS: Readonly<{ min: number; max: number }> = {
  min: getTask.extensions["x-monet-poll-interval-min-ms"],
  max: getTask.extensions["x-monet-poll-interval-max-ms"],
};

/** The schema (type, bounds, default, enum) of an operation's parameter: `param(listTasks, "pageSize").maximum`. */
export function param<O extends Operation>(op: O, name: O["params"][number]["name"]): ParamSchema {
  const found = op.params.find((p) => p.name === name);
  if (!found) throw new Error(`${op.operationId} has no parameter ${name}`);
  return found.schema;
}

/** `monet.request` with a loose type: what `requestById` calls. */
export type AnyRequest = (operationId: string, params: object, options?: RequestOptions) => APIPromise<unknown>;

/**
 * `monet.request` for an operation named only at run time (a CLI's argument, an agent's tool).
 * The client checks the id and every argument against its table before anything is sent, so
 * nothing is lost by the loose type; the cast is made here once, not by every caller.
 */
export const requestById = (monet: Monet, operationId: string, params: object, options?: RequestOptions): APIPromise<unknown> =>
  (monet.request as unknown as AnyRequest).call(monet, operationId, params, options);
