// Issue 21.9 (mock part): data never makes the mock answer 500. Inherited property names as
// models or types, malformed percent-encoding and odd request targets get a 4xx naming the problem.
import { afterAll, beforeAll, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, raw, request } from "./support/raw.js";

const auth = { authorization: "Bearer monet_bad_input" };
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(() => mock.close());

const create = (type: unknown, input: unknown) =>
  request(
    mock.port,
    "POST",
    "/api/v1/tasks/async",
    { ...auth, "content-type": "application/json" },
    JSON.stringify({ type, input, idempotency_key: crypto.randomUUID() }),
  );

test.each([
  ["image", "__proto__", "input.model"],
  ["image", "constructor", "input.model"],
  ["image", "toString", "input.model"],
  ["video", "hasOwnProperty", "input.model"],
  ["video", "valueOf", "input.model"],
  ["constructor", "name", "type"],
  ["__proto__", "flux-2-dev", "type"],
  ["toString", "length", "type"],
])("type %s, model %s: 422 naming %s", async (type, model, field) => {
  const r = await create(type, { model, prompt: "x" });
  expect(r.status).toBe(422);
  const b = json(r);
  expect(validator("ErrorResponse")(b)).toBe(true);
  expect(b.error.details.map((d: { field: string }) => d.field)).toContain(field);
});

test('"__proto__" as a JSON key of the input is a field the model does not have, not a prototype', async () => {
  const r = await request(
    mock.port,
    "POST",
    "/api/v1/tasks/async",
    { ...auth, "content-type": "application/json" },
    `{"type":"image","idempotency_key":"p1","input":{"model":"flux-2-dev","prompt":"x","__proto__":{"polluted":1}}}`,
  );
  expect(r.status).toBe(422);
  expect(json(r).error.details.map((d: { field: string }) => d.field)).toContain("input.__proto__");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test.each(["/api/v1/tasks/%E0%A4%A", "/api/v1/tasks/%", "/api/v1/tasks/%zz", "/api/v1/tasks/%00", "/api/v1/tasks/..%2F..%2Fetc"])(
  "GET %s: 404 with the Error body",
  async (target) => {
    const r = await request(mock.port, "GET", target, auth);
    expect(r.status).toBe(404);
    expect(validator("ErrorResponse")(json(r))).toBe(true);
  },
);

test.each([
  ["absolute-form target", "GET http://evil.example/api/v1/tasks/list HTTP/1.1"],
  ["asterisk-form on GET", "GET * HTTP/1.1"],
  ["OPTIONS *", "OPTIONS * HTTP/1.1"],
  ["percent-encoded control path", "GET /__mock/files/%E0%A4%A/x HTTP/1.1"],
  ["query of bad percent-encoding", "GET /api/v1/tasks/list?page=%E0%A4%A HTTP/1.1"],
])("%s: answered below 500", async (_name, line) => {
  const [r] = await raw(mock.port, [`${line}\r\nhost: 127.0.0.1\r\nauthorization: Bearer monet_bad_input\r\nconnection: close\r\n\r\n`]);
  expect(r.status).toBeLessThan(500);
});
