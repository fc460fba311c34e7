// Whether a task id is one `GET /tasks/{taskId}` takes: the spec's taskId rule, as callOf checks
// every path argument. A create answered with another id made a task no call can follow
// (task-answer.ts); tools that hand tasks on (the MCP server) refuse such ids by the same rule.
import { callOf } from "./args.js";
import { getTaskCall } from "./generated/calls.gen.js";

export function isFollowableTaskId(id: string): boolean {
  try {
    callOf(getTaskCall, { taskId: id });
    return true;
  } catch {
    return false;
  }
}
