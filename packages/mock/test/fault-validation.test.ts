// Issue 21.6: a fault description is checked before it is stored. Each bad one gets 422 naming
// the field and what is allowed, nothing is added, and the API keeps answering normally.
import { afterAll, beforeAll, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, request } from "./support/raw.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

const post = (body: unknown) => request(mock.port, "POST", "/__mock/faults", { "content-type": "application/json" }, JSON.stringify(body));

test.each([
  [{ kind: "server-error", times: "forever" }, "times"],
  [{ kind: "server-error", times: 0 }, "times"],
  [{ kind: "server-error", times: 1.5 }, "times"],
  [{ kind: "latency", method: 5 }, "method"],
  [{ kind: "latency", method: "BREW" }, "method"],
  [{ kind: "latency", ms: 2147483647 }, "ms"],
  [{ kind: "latency", ms: -1 }, "ms"],
  [{ kind: "server-error", status: 200 }, "status"],
  [{ kind: "server-error", status: 404 }, "status"],
  [{ kind: "rate-limit", retryAfter: "soon" }, "retryAfter"],
  [{ kind: "rate-limit", rate: "fast" }, "rate"],
  [{ kind: "rate-limit", rate: "20/s", times: 3 }, "times"],
  [{ kind: "cut-stream", afterEvents: -2 }, "afterEvents"],
  [{ kind: "latency", path: 7 }, "path"],
  [{ kind: "latency", path: "api/v1" }, "path"],
  [{ kind: "explode" }, "kind"],
  [{ times: 2 }, "kind"],
  [{ kind: "latency", ms: 10, status: 503 }, "status"],
  [{ kind: "latency", sleep: 10 }, "sleep"],
  [{ kind: "latency", method: "DELETE" }, "method"],
  [{ kind: "task-failed", model: "no-such-model" }, "model"],
  [{ kind: "task-failed", model: 3 }, "model"],
  [{ kind: "task-failed", at: 101 }, "at"],
  [{ kind: "task-failed", at: 12.5 }, "at"],
  [{ kind: "task-failed", code: "Content Policy" }, "code"],
  [{ kind: "task-failed", message: "" }, "message"],
  [{ kind: "task-failed", message: "x".repeat(501) }, "message"],
  [{ kind: "task-failed", status: 500 }, "status"],
  [{ kind: "status" }, "status"],
  [{ kind: "status", status: 200 }, "status"],
  [{ kind: "status", status: 600 }, "status"],
  [{ kind: "status", status: 401, at: 3 }, "at"],
  [{ kind: "server-error", code: "boom" }, "code"],
  [
    [
      { kind: "latency", ms: 10 },
      { kind: "server-error", status: 200 },
    ],
    "[1].status",
  ],
  ["server-error", ""],
  [null, ""],
])("%j gets 422 naming %s, and adds nothing", async (body, field) => {
  const r = await post(body);
  expect(r.status).toBe(422);
  const b = json(r);
  expect(validator("ErrorResponse")(b)).toBe(true);
  expect(b.error.code).toBe("validation_error");
  expect(b.error.details.map((d: { field: string }) => d.field)).toContain(field);
  expect(b.error.message).toContain(field || "fault");
  expect(mock.state.faults.list()).toEqual([]);
  const after = await request(mock.port, "GET", "/api/v1/tasks/list", { authorization: "Bearer monet_x" });
  expect(after.status).toBe(200);
});

test("delays are capped at 60 s: 60000 is accepted, 60001 is not", async () => {
  expect((await post({ kind: "latency", ms: 60_001, path: "/nowhere" })).status).toBe(422);
  expect((await post({ kind: "latency", ms: 60_000, path: "/nowhere" })).status).toBe(200);
  expect((await request(mock.port, "DELETE", "/__mock/faults", {})).status).toBe(200);
});

test("faults given at start are checked the same way", async () => {
  await expect(startMockServer({ port: 0, faults: [{ kind: "server-error", status: 200 as never }] })).rejects.toThrow(/status/);
});

test("a valid fault still works: method in any case, then gone after its times", async () => {
  expect((await post({ kind: "server-error", status: 502, method: "get", times: 1 })).status).toBe(200);
  const auth = { authorization: "Bearer monet_x" };
  expect((await request(mock.port, "GET", "/api/v1/tasks/list", auth)).status).toBe(502);
  expect((await request(mock.port, "GET", "/api/v1/tasks/list", auth)).status).toBe(200);
});
