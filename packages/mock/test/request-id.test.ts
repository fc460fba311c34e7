// Every answer of the mock carries one X-Request-Id, and an error body repeats it: the id is
// written with the head (not set up front), so each kind of answer is checked here, not just JSON.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";

const KEY = "monet_request_id";
const auth = { authorization: `Bearer ${KEY}` };
const json = { ...auth, "content-type": "application/json" };
const ID = /^req_[0-9a-z]{6,}$/;
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

const task = () => JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: crypto.randomUUID() });

test("every kind of answer has exactly one request id, a new one each time, and error bodies repeat it", async () => {
  const created = await (await fetch(`${mock.url}/api/v1/tasks/async`, { method: "POST", headers: json, body: task() })).json();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "a.png");
  const uploaded = await (await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: auth, body: form })).json();

  const cases: [string, string, RequestInit][] = [
    ["create (200)", "/api/v1/tasks/async", { method: "POST", headers: json, body: task() }],
    ["get (200)", `/api/v1/tasks/${created.id}`, { headers: auth }],
    ["HEAD", `/api/v1/tasks/${created.id}`, { method: "HEAD", headers: auth }],
    ["list with a bad page (422)", "/api/v1/tasks/list?page=0", { headers: auth }],
    ["bad input (422)", "/api/v1/tasks/async", { method: "POST", headers: json, body: JSON.stringify({ type: "image", input: {}, idempotency_key: "k" }) }],
    ["bad JSON (400)", "/api/v1/tasks/async", { method: "POST", headers: json, body: "{" }],
    ["too large (413)", "/api/v1/tasks/async", { method: "POST", headers: json, body: "x".repeat(1024 * 1024 + 1) }],
    ["no key (401)", `/api/v1/tasks/${created.id}`, {}],
    ["unknown task (404)", "/api/v1/tasks/task_nope", { headers: auth }],
    ["wrong method (405)", "/api/v1/tasks/list", { method: "DELETE", headers: auth }],
    ["CORS preflight (204)", "/api/v1/tasks/async", { method: "OPTIONS" }],
    ["SSE stream", "/api/v1/tasks/sync", { method: "POST", headers: json, body: task() }],
    ["output file", `/__mock/outputs/${created.id}/0.png`, {}],
    ["upload's file", new URL(uploaded.url).pathname, {}],
    ["control API", "/__mock/health", {}],
    ["control preflight", "/__mock/faults", { method: "OPTIONS", headers: { origin: "http://localhost:5173" } }],
    ["control refused (403)", "/__mock/health", { headers: { origin: "https://evil.example" } }],
    ["home page", "/", { headers: { accept: "text/html" } }],
  ];
  const seen = new Set<string>();
  for (const [name, path, init] of cases) {
    const res = await fetch(`${mock.url}${path}`, init);
    const id = res.headers.get("x-request-id");
    // A second header would arrive joined to the first ("req_1, req_1") and fail the pattern.
    expect(id, name).toMatch(ID);
    expect(seen.has(id ?? ""), `${name}: a fresh id`).toBe(false);
    seen.add(id ?? "");
    if (res.status >= 400 && init.method !== "HEAD") {
      const body = await res.json();
      expect(body.error.request_id, name).toBe(id);
    } else await res.body?.cancel();
  }
  expect(seen.size).toBe(cases.length);
});
