// One rule, one message: a task id the spec's taskId rule refuses gets the same words from
// tasks.get and request("getTask") (request said "text of 1 to any number of characters"), and
// the generic parameter check never words an open bound as "to any number of" (contrib audit s17, F17).
import { afterAll, beforeAll, expect, test } from "vitest";
import type { OperationRow } from "../src/generated/operation-row.gen.js";
import { InputValidationError } from "../src/index.js";
import { queryText } from "../src/query.js";
import { type Harness, harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness({ maxRetries: 0 });
});
afterAll(() => h.close());

test.each(["task_abc\n", "a/b", "..", ""])("taskId %j: tasks.get and request name the rule in the same words", async (id) => {
  const viaGet = await h.monet.tasks.get(id).catch((e) => e);
  const viaRequest = await h.monet.request("getTask", { path: { taskId: id } }).catch((e) => e);
  expect(viaGet).toBeInstanceOf(InputValidationError);
  expect(viaRequest.message).toBe(viaGet.message);
  expect(viaGet.message).toMatch(/^Invalid input: taskId must be one path segment of /);
  expect(h.sent).toHaveLength(0);
});

// An operation with a text query parameter of each bound (no spec operation has one today).
const op = (schema: OperationRow["params"][number]["schema"]) =>
  ({ operationId: "search", params: [{ name: "q", in: "query", required: false, schema }] }) as unknown as OperationRow;
const refusal = (schema: OperationRow["params"][number]["schema"], q: unknown) => {
  try {
    queryText(op(schema), { query: { q } });
  } catch (e) {
    return (e as Error).message;
  }
  return "";
};

test("a text parameter's bounds are worded as given: an open one goes unsaid", () => {
  expect(refusal({ type: "string", minLength: 1 }, "")).toBe('Invalid input: q must be text of at least 1 character (got "")');
  expect(refusal({ type: "string", minLength: 3 }, "ab")).toBe('Invalid input: q must be text of at least 3 characters (got "ab")');
  expect(refusal({ type: "string", minLength: 1, maxLength: 4 }, "abcde")).toBe('Invalid input: q must be text of 1 to 4 characters (got "abcde")');
  expect(refusal({ type: "string", pattern: "^a" }, "b")).toBe('Invalid input: q must be text matching ^a (got "b")');
  expect(refusal({ type: "string", maxLength: 2 }, "abc")).toBe('Invalid input: q must be text of at most 2 characters (got "abc")');
});
