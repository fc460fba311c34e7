// The check an operation the mock does not simulate gets before its documented answer: path and
// query arguments against its row of the operations table, each problem naming the parameter.
// The bounds expected here are read from the bundled spec, not from the generated table.
import { expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { operations } from "../src/generated/operations.gen.js";
import { BadEncoding, checkParams, checkValue, readParams } from "../src/params.js";

const listParam = (name: string) =>
  spec.paths["/api/v1/tasks/list"].get.parameters
    .map((p: any) => (p.$ref ? spec.components.parameters[p.$ref.split("/").pop()] : p))
    .find((p: any) => p.name === name);
const pageSize = listParam("pageSize").schema;

test("listTasks's row: the spec's bounds of pageSize and page, each problem named; a valid query passes", () => {
  expect(checkParams(operations.listTasks, {}, `page=1&pageSize=${pageSize.maximum}`)).toEqual([]);
  expect(checkParams(operations.listTasks, {}, "")).toEqual([]);
  const issues = checkParams(operations.listTasks, {}, `page=0&pageSize=${pageSize.maximum + 1}`);
  expect(issues.map((i) => i.field)).toEqual(["page", "pageSize"]);
  expect(issues[1].message).toBe(`pageSize must be a whole number from ${pageSize.minimum} to ${pageSize.maximum} (got "${pageSize.maximum + 1}")`);
  expect(checkParams(operations.listTasks, {}, "pageSize=2.5")[0].message).toMatch(/^pageSize must be a whole number/);
  expect(checkParams(operations.listTasks, {}, "pageSize=abc")[0].field).toBe("pageSize");
  expect(checkParams(operations.listTasks, {}, "page=1&page=2")).toEqual([{ field: "page", message: "page was given 2 times; give it once" }]);
});

test("the values the list reads: typed numbers, and the spec's defaults for what was not given", () => {
  const listDefault = (name: string) => listParam(name).schema.default;
  expect(readParams(operations.listTasks, {}, "")).toEqual({ issues: [], values: { page: listDefault("page"), pageSize: listDefault("pageSize") } });
  expect(readParams(operations.listTasks, {}, "page=3&pageSize=07").values).toEqual({ page: 3, pageSize: 7 });
  expect(readParams(operations.getTask, { taskId: "task%20abc" }, "").values).toEqual({ taskId: "task abc" });
});

test("getTask's row: the path argument is decoded before its check; malformed encoding is its own error naming it", () => {
  expect(checkParams(operations.getTask, { taskId: "task%20abc" }, "")).toEqual([]);
  expect(() => checkParams(operations.getTask, { taskId: "%E0%A4%A" }, "")).toThrow(BadEncoding);
  expect(() => checkParams(operations.getTask, { taskId: "%E0%A4%A" }, "")).toThrow(/taskId is not valid percent-encoding/);
});

test("each schema keyword a parameter may carry: enum, number bounds (open and closed), booleans, length and pattern", () => {
  expect(checkValue("period", "year", { type: "string", enum: ["day", "week", "month"] })).toBe('period must be one of day, week, month (got "year")');
  expect(checkValue("period", "week", { type: "string", enum: ["day", "week", "month"] })).toBeUndefined();
  expect(checkValue("n", "4", { type: "integer", enum: [4, 9] })).toBeUndefined();
  expect(checkValue("limit", "13", { type: "integer", minimum: 1, maximum: 12 })).toBe('limit must be a whole number from 1 to 12 (got "13")');
  expect(checkValue("limit", "", { type: "integer", minimum: 1 })).toBe('limit must be a whole number of at least 1 (got "")');
  expect(checkValue("x", "0", { type: "number", exclusiveMinimum: 0 })).toBe('x must be a number of at least 0 (bounds excluded) (got "0")');
  expect(checkValue("x", "0.5", { type: "number", exclusiveMinimum: 0 })).toBeUndefined();
  expect(checkValue("flag", "yes", { type: "boolean" })).toBe('flag must be true or false (got "yes")');
  expect(checkValue("id", "", { type: "string", minLength: 1 })).toBe('id must be at least 1 characters long (got "")');
  expect(checkValue("id", "abcd", { type: "string", maxLength: 3 })).toMatch(/at most 3 characters/);
  expect(checkValue("id", "ab-1", { type: "string", pattern: "^[a-z]+$" })).toMatch(/must match/);
});

test("a malformed escape in the query is the same error as in the path, never an accepted U+FFFD; a long value is quoted cut short", () => {
  for (const bad of ["pageSize=%E0", "pageSize=%ED%A0%80", "page%ZZ=1"]) {
    expect(() => checkParams(operations.listTasks, {}, bad), bad).toThrow(BadEncoding);
    expect(() => checkParams(operations.listTasks, {}, bad), bad).toThrow(/not valid percent-encoding/);
  }
  expect(checkParams(operations.listTasks, {}, "pageSize=1+0")[0].message).toMatch(/got "1 0"/);
  const issue = checkParams(operations.listTasks, {}, `pageSize=${"9".repeat(15_000)}`)[0];
  expect(issue.field).toBe("pageSize");
  expect(issue.message.length).toBeLessThan(300);
});
