// @monet-ai/client/operations: the operations table generated from the spec (method, path,
// parameters with their bounds and defaults, schemas, content types, streaming and multipart
// flags, x- extensions), for tools that build on the API (the CLI, the MCP server, pipelines).
import { getTask, type Operation } from "./generated/operations.gen.js";

export * from "./generated/operations.gen.js";
export { FINAL_STATUSES, SUCCESS_STATUS, TASK_TYPES } from "./generated/task-rules.gen.js";
export { POLL_INTERVAL_MS } from "./poll-interval.js";
export { isFinal } from "./wait.js";

/** The poll intervals a tool lets its user choose, in ms (getTask's x-monet-poll-interval-min-ms / -max-ms). */
export const POLL_INTERVAL_RANGE_MS: Readonly<{ min: number; max: number }> = {
  min: getTask.extensions["x-monet-poll-interval-min-ms"],
  max: getTask.extensions["x-monet-poll-interval-max-ms"],
};

/** The schema (type, bounds, default, enum) of an operation's parameter: `param(listTasks, "pageSize").maximum`. */
export function param<O extends Operation>(
  op: O,
  name: O["params"][number]["name"],
): Readonly<{ type?: string; minimum?: number; maximum?: number; default?: unknown; enum?: readonly unknown[]; minLength?: number; maxLength?: number }> {
  const found = op.params.find((p) => p.name === name);
  if (!found) throw new Error(`${op.operationId} has no parameter ${name}`);
  return found.schema;
}
