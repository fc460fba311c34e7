// A generic operation tool (one per operation no friendly tool covers, operation-tools.ts) handed
// the agent what the API answered after only the size bound: a task id no call can follow and an
// output URL the client would never fetch went through, where get_task and list_tasks refuse
// them. Its answer now gets the same checks (checkedAnswer, which server.ts applies to every
// generic tool's answer) wherever the tool's schema, the spec's, puts a task: the answer, a list's
// entries, a stream event's task, and a stream error's task_id. Today's spec has no uncovered
// operation, and the client calls only the spec's own, so the tools come from a copy of the table
// with rows added, as the spec could add them (operation-tools.test.ts does the same).
import { operations } from "@monet-ai/client/operations";
import { expect, test } from "vitest";
import { checkedAnswer, Unforwardable } from "../src/forwarded.ts";
import { generatedSource, type OperationSource } from "../src/operation-tools.ts";
import { tools } from "../src/tools.ts";

const BASE = "http://127.0.0.1:4020";
const task = (id: string, url = `${BASE}/out.png`) => ({
  id,
  status: "success",
  type: "image",
  outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url }],
  created_at: "2026-02-27T10:00:00Z",
});

const source: OperationSource = {
  ...generatedSource,
  table: {
    cancelTask: { ...operations.getTask, operationId: "cancelTask", method: "DELETE" },
    findTasks: { ...operations.listTasks, operationId: "findTasks" },
    followTask: { ...operations.createTaskStream, operationId: "followTask" },
  },
  docs: {
    cancelTask: { ...generatedSource.docs.getTask, summary: "Cancel a task" },
    findTasks: { ...generatedSource.docs.listTasks, summary: "Find tasks" },
    followTask: { ...generatedSource.docs.createTaskStream, summary: "Follow a task" },
  },
};
const byName = new Map(tools(source).map((t) => [t.name, t]));
/** What server.ts does with a generic tool's answer, and the notes it adds. */
const check = (name: string, answer: unknown) => {
  const notes: string[] = [];
  return { value: checkedAnswer(answer, byName.get(name)!.outputSchema, name, [BASE], notes) as any, notes };
};
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Unforwardable);
    return (e as Error).message;
  }
  return expect.fail("not refused");
};

test("a task answer keeps a followable id: one no call can follow is refused, as get_task refuses it", () => {
  expect(refusal(() => check("cancel_task", task("a/b/4")))).toMatch(/^The API answered cancel_task with task id "a\/b\/4", which no call can follow/);
});

test("an output URL the client would not fetch is left out, saying why, as get_task does", () => {
  const { value, notes } = check("cancel_task", task("task_1", "file:///etc/passwd"));
  expect(value.outputs[0].url).toBeUndefined();
  expect(value.outputs[0].refused).toMatch(/only http: and https: outputs are fetched/);
  expect(notes).toEqual([expect.stringMatching(/^Output 0 of task "task_1": its URL was left out/)]);
});

test("a list's tasks are checked one by one", () => {
  const page = { tasks: [task("task_ok"), task("a/b/4")], page: 1, pageSize: 20, total: 2 };
  expect(refusal(() => check("find_tasks", page))).toMatch(/^The API answered find_tasks \(item 1\) with task id "a\/b\/4"/);
});

test("a stream's events: each event's task, and an error event's task_id", () => {
  const events = (last: object) => ({ events: [{ event: "created", task: { ...task("task_1"), status: "pending", outputs: [] } }, last] });
  const { value, notes } = check("follow_task", events({ event: "success", task: task("task_1", "javascript:alert(1)") }));
  expect(value.events[1].task.outputs[0].refused).toMatch(/only http: and https: outputs are fetched/);
  expect(notes).toHaveLength(1);
  expect(refusal(() => check("follow_task", events({ event: "error", task_id: "../../x", error: { code: "e", message: "m" } })))).toMatch(
    /task id "..\/..\/x", which no call can follow/,
  );
});

test("a good answer passes unchanged", () => {
  expect(check("cancel_task", task("task_ok"))).toEqual({ value: task("task_ok"), notes: [] });
  const page = { tasks: [task("task_ok")], page: 1, pageSize: 20, total: 1 };
  expect(check("find_tasks", page).value).toEqual(page);
});
