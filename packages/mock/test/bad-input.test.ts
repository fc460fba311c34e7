// Issue 21.9 (mock part): data never makes the mock answer 500. Inherited property names as
// models or types, malformed percent-encoding and odd request targets get a 4xx naming the problem.
import { afterAll, beforeAll, expect, test } from "vitest";
import { spec, validator } from "../../../test/support/spec.ts";
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

test("a mistyped model id or field: 422 named input.model or input.image, with the closest name", async () => {
  const model = json(await create("video", { model: "kling-26", prompt: "x" })).error;
  expect(model.details).toEqual([
    { field: "input.model", message: expect.stringMatching(/^input\.model must be a video model \(did you mean kling-2-6\?\): one of /) },
  ]);
  expect(model.message).toMatch(/^input\.model must be a video model \(did you mean kling-2-6\?\)/);
  const field = json(await create("video", { model: "kling-2-6", prompt: "x", image: "https://example.com/a.png" })).error;
  expect(field.message).toMatch(/^input\.image is not a field of kling-2-6 \(did you mean images\?\); its fields are /);
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

// The spec's taskId pattern refuses control characters; getTask documents 404, not 422, so an
// id that breaks it names no task, and the answer says which rule (it was a bare "not found").
test.each(["task%00", "task_abc%0A", "task%1B%5B31m", "task%7F", "task%C2%85"])(
  "GET /api/v1/tasks/%s: 404 naming taskId and the spec's pattern",
  async (id) => {
    const pattern: string = spec.components.parameters.TaskId.schema.pattern;
    const r = await request(mock.port, "GET", `/api/v1/tasks/${id}`, auth);
    expect(r.status).toBe(404);
    const b = json(r);
    expect(validator("ErrorResponse")(b)).toBe(true);
    expect(b.error.message).toContain(`taskId must match ${pattern}`);
    expect(b.error.details).toEqual([{ field: "taskId", message: expect.stringContaining("taskId must match") }]);
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

// An audit found these answered 500: a value too deep for JSON.stringify in an error message, and
// a file name cut through an emoji (half a character, which no URL can encode).
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

test.each([
  ["type", `{"type":${deep(50_000)},"input":{"model":"flux-2-dev","prompt":"x"},"idempotency_key":"deep-type"}`],
  ["idempotency_key", `{"type":"image","input":{"model":"flux-2-dev","prompt":"x"},"idempotency_key":${deep(50_000)}}`],
])("%s nested 50,000 deep is a 422 naming it", async (field, body) => {
  const r = await request(mock.port, "POST", "/api/v1/tasks/async", { ...auth, "content-type": "application/json" }, body);
  expect(r.status).toBe(422);
  expect(json(r).error.details.map((d: { field: string }) => d.field)).toContain(field);
});

test("a fault whose field is nested 30,000 deep is a 422 naming it", async () => {
  const r = await request(mock.port, "POST", "/__mock/faults", { "content-type": "application/json" }, `{"kind":"latency","ms":${deep(30_000)}}`);
  expect(r.status).toBe(422);
  expect(r.body).toContain("ms");
});

test("a 300-character file name with an emoji across character 255 is stored, shown and listed whole", async () => {
  const name = `${"a".repeat(254)}😀${"b".repeat(45)}.png`;
  const boundary = "----mockname";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: image/png\r\n\r\n`),
    Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await request(mock.port, "POST", "/api/v1/files", { ...auth, "content-type": `multipart/form-data; boundary=${boundary}` }, body);
  expect(up.status).toBe(200);
  const listing = await request(mock.port, "GET", "/__mock/files", auth);
  expect(listing.status).toBe(200);
  expect(listing.body).toContain(`${"a".repeat(254)}😀`);
  expect(listing.body).not.toContain("b".repeat(45));
});
