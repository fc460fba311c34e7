// A test can move a task only to a final status the mock simulates: a final status the spec adds
// (`cancelled`) is refused with the allowed ones named, not accepted and then ignored while the
// task runs on to success (s17 contributor audit F7). The allowed ones come from the spec's
// final statuses (the generated task rules), filtered by what the mock simulates.
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkAdvance } from "../src/advance-check.js";
import { FINAL_STATUSES } from "../src/generated/task-rules.gen.js";
import { type MockServer, startMockServer } from "../src/index.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, now: "2026-01-01T00:00:00Z", logger: () => {} });
});
afterAll(() => mock.close());

test("a final status the spec adds but the mock does not simulate is refused, naming the ones it can apply", () => {
  const finals = [...FINAL_STATUSES, "cancelled"];
  const { advance, issues } = checkAdvance({ to: "cancelled" }, finals);
  expect(advance).toBeUndefined();
  expect(issues).toHaveLength(1);
  expect(issues[0].field).toBe("to");
  expect(issues[0].message).toContain("is a final status the mock cannot simulate yet");
  for (const s of FINAL_STATUSES) expect(issues[0].message).toContain(JSON.stringify(s));
  // The spec's own final statuses stay accepted beside it.
  for (const s of FINAL_STATUSES) expect(checkAdvance({ to: s }, finals).issues).toEqual([]);
});

test("a status that is not final in the spec is refused with the allowed ones, over HTTP too", async () => {
  expect(checkAdvance({ to: "processing" }).issues[0].message).toMatch(/^to must be "success", "failed", or a progress/);
  const created = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { authorization: "Bearer monet_test", "content-type": "application/json" },
    body: JSON.stringify({ type: "image", input: { model: "flux-1-schnell", prompt: "a cat" }, idempotency_key: "advance-statuses" }),
  });
  const { id } = (await created.json()) as { id: string };
  const res = await fetch(`${mock.url}/__mock/tasks/${id}/advance`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"to":"cancelled"}',
  });
  expect(res.status).toBe(422);
  expect(JSON.stringify(await res.json())).toContain('to must be \\"success\\", \\"failed\\"');
});
