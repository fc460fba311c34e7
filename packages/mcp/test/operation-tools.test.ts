// The generic tools, from an operations table: none for the operations the friendly tools cover,
// one for a row added to a copy of the table (a DELETE, as the spec's cancel would be), with its
// parameters' bounds, its annotations from the method, and its arguments checked like any tool's.
import fs from "node:fs";
import path from "node:path";
import { operations } from "@monet-ai/client/operations";
import { expect, test } from "vitest";
import { repoRoot } from "../../../test/support/seed.ts";
import { argumentChecker } from "../src/arguments.ts";
import { generatedSource, type OperationSource } from "../src/operation-tools.ts";
import { tools } from "../src/tools.ts";

const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"));
const getTask = operations.getTask;
const withCancel: OperationSource = {
  ...generatedSource,
  table: { ...generatedSource.table, cancelTask: { ...getTask, operationId: "cancelTask", method: "DELETE" } },
  docs: { ...generatedSource.docs, cancelTask: { summary: "Cancel a task", description: "Stops a task.", params: generatedSource.docs.getTask.params } },
};

test("the table of the spec has a friendly tool for every operation: no generic tool repeats one", () => {
  const names = tools().map((t) => t.name);
  expect(names.filter((n) => !["list_models", "describe_model", "wait_for_task", "run_pipeline"].includes(n) && !/^create_\w+_task$/.test(n)).sort()).toEqual([
    "get_task",
    "list_tasks",
    "upload_file",
  ]);
});

test("a DELETE row added to the table becomes cancel_task: destructive, open-world, the path parameter's schema", () => {
  const cancel = tools(withCancel).find((t) => t.name === "cancel_task")!;
  expect(cancel).toBeDefined();
  expect(cancel.annotations).toMatchObject({ title: "Cancel a task", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true });
  expect(cancel.inputSchema).toEqual({
    type: "object",
    properties: { taskId: { ...getTask.params[0].schema, description: generatedSource.docs.getTask.params.taskId.description } },
    required: ["taskId"],
    additionalProperties: false,
  });
  // The spec's schema, less its examples (tools/list is paid for in tokens; token-cost.test.ts).
  const task = generatedSource.schemas[getTask.response.schema] as any;
  expect((cancel.outputSchema as any).required).toEqual(task.required);
  expect(Object.keys((cancel.outputSchema as any).properties)).toEqual(Object.keys(task.properties));
  expect(JSON.stringify(cancel.outputSchema)).not.toContain('"examples"');
  const check = argumentChecker(cancel);
  expect(check({ taskId: "task_abc123" })).toEqual([]);
  expect(check({})).toEqual([expect.stringMatching(/^taskId is required/)]);
  expect(check({ taskId: "" })).toEqual(['taskId must have at least 1 character (got "")']);
  expect(check({ taskId: "t", body: {} })).toEqual(["body is not an argument; the arguments are taskId"]);
});

test("a GET row is read-only; a query row keeps its bounds; a body row takes the body's JSON Schema", () => {
  const source: OperationSource = {
    ...generatedSource,
    table: {
      findTasks: { ...operations.listTasks, operationId: "findTasks" },
      retryTask: { ...operations.createTask, operationId: "retryTask" },
    },
  };
  const [find, retry] = tools(source).filter((t) => ["find_tasks", "retry_task"].includes(t.name));
  expect(find.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  const pageSize = operations.listTasks.params.find((p) => p.name === "pageSize")!.schema;
  expect(find.inputSchema.properties.pageSize).toMatchObject({ minimum: pageSize.minimum, maximum: pageSize.maximum });
  expect(argumentChecker(find)({ pageSize: pageSize.maximum + 1 })).toEqual([`pageSize must be <= ${pageSize.maximum} (got ${pageSize.maximum + 1})`]);
  expect(retry.inputSchema.required).toEqual(["body"]);
  // The spec's request body, standalone: one branch per task type, no $ref left to resolve.
  const body = spec.paths["/api/v1/tasks/async"].post.requestBody.content["application/json"].schema.$ref.split("/").pop();
  expect((retry.inputSchema.properties.body.oneOf as unknown[]).length).toBe(spec.components.schemas[body].oneOf.length);
  expect(JSON.stringify(retry.inputSchema)).not.toMatch(/"\$ref"|"x-monet|"discriminator"/);
  expect(retry.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
});
