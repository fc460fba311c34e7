// The check an unsimulated operation's JSON body gets (request-body.ts): the spec's schema of the
// body, through Ajv, each problem naming its field. Shown on createTask's body, the one JSON body
// of today's spec (the mock simulates createTask itself; test/contract/new-operation.test.ts shows
// an operation the mock does not simulate, with a flat schema: each rule's wording).
import { expect, test } from "vitest";
import { bodyIssues, bodyRequired, hasJsonBody } from "../src/request-body.js";

test("a body the spec's schema refuses: each problem names its field, the value and the rule", async () => {
  expect(hasJsonBody("createTask")).toBe(true);
  expect(bodyRequired("createTask")).toBe(true);
  expect(hasJsonBody("getTask")).toBe(false);
  const issues = await bodyIssues("createTask", { type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: "k", extra: 1 });
  expect(issues.find((i) => i.field === "extra")?.message).toBe("extra is not a field of this request");
  expect(await bodyIssues("createTask", { type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: "k" })).toEqual([]);
  expect((await bodyIssues("createTask", [])).map((i) => i.message)).toContain("the body must be object (got a list of 0)");
});

test("a body with thousands of problems lists at most as many as the model check does", async () => {
  const { MAX_ISSUES } = await import("@monet-ai/models");
  const body = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
  expect(await bodyIssues("createTask", body)).toHaveLength(MAX_ISSUES);
});
