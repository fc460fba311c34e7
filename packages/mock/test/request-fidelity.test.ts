// What the mock accepts, as a JSON API would (audit s16, finding 10): a task request that is not
// sent as JSON gets the spec's 415 naming the type expected; the bearer scheme is case-insensitive
// (RFC 9110); an upload with two files under `file` is refused naming it, not cut to one; an output
// URL of a task that does not exist (or has no such output yet) is 404.
import { afterAll, beforeAll, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { operations } from "../src/generated/operations.gen.js";
import { type MockServer, startMockServer } from "../src/index.js";
import { json, type RawResponse, request } from "./support/raw.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 0 });
});
afterAll(() => mock.close());

const AUTH = { authorization: "Bearer monet_fidelity" };
const task = () => JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: crypto.randomUUID() });
const create = (headers: Record<string, string>, path: string = operations.createTask.path) =>
  request(mock.port, "POST", path, { ...AUTH, ...headers }, task());
const isError = (r: RawResponse) => expect(validator("ErrorResponse")(json(r))).toBe(true);

test.each([
  [{ "content-type": "text/plain;charset=UTF-8" }, '"text/plain;charset=UTF-8"'],
  [{}, "no Content-Type"],
  [{ "content-type": "application/x-www-form-urlencoded" }, '"application/x-www-form-urlencoded"'],
])("a task request sent as %j gets 415 naming application/json (async and sync)", async (headers, got) => {
  for (const path of [operations.createTask.path, operations.createTaskStream.path]) {
    const r = await create(headers, path);
    expect(r.status).toBe(415);
    isError(r);
    expect(json(r).error.code).toBe("unsupported_media_type");
    expect(json(r).error.message).toContain("Content-Type: application/json");
    expect(json(r).error.message).toContain(got);
  }
  expect(mock.state.tasks.size).toBe(0);
});

test.each(["application/json", "application/json; charset=utf-8", "Application/JSON"])("a task request sent as %s is taken", async (type) => {
  expect((await create({ "content-type": type })).status).toBe(200);
});

test.each(["bearer", "BEARER", "Bearer", "bEaReR"])("the scheme %s is accepted, the key must still start with monet_", async (scheme) => {
  const list = (authorization: string) => request(mock.port, "GET", operations.listTasks.path, { authorization });
  expect((await list(`${scheme} monet_fidelity`)).status).toBe(200);
  expect((await list(`${scheme} MONET_fidelity`)).status).toBe(401);
  expect((await list(`${scheme}monet_fidelity`)).status).toBe(401);
  expect((await list(`Basic monet_fidelity`)).status).toBe(401);
});

test("an upload with two file parts is refused with 422 naming file; one file is taken", async () => {
  const b = "b0undary";
  const part = (name: string) => `--${b}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: image/png\r\n\r\nPNG\r\n`;
  const upload = (body: string) =>
    request(mock.port, "POST", operations.uploadFile.path, { ...AUTH, "content-type": `multipart/form-data; boundary=${b}` }, body);
  const two = await upload(`${part("a.png")}${part("b.png")}--${b}--\r\n`);
  expect(two.status).toBe(422);
  isError(two);
  expect(json(two).error.details).toEqual([{ field: "file", message: expect.stringContaining("file must be sent once") }]);
  expect(mock.state.files.storedBytes).toBe(0);
  // Another field beside the file is not a second file.
  const other = `--${b}\r\ncontent-disposition: form-data; name="note"\r\n\r\nhi\r\n`;
  expect((await upload(`${other}${part("a.png")}--${b}--\r\n`)).status).toBe(200);
});

test("an output URL answers only for a task that exists and has that output: else 404", async () => {
  const created = json(await create({ "content-type": "application/json" }));
  const path = new URL(created.outputs[0].url).pathname;
  expect((await request(mock.port, "GET", path, {})).status).toBe(200);
  for (const other of [
    "/__mock/outputs/task_nope/0.png",
    "/__mock/outputs/x/0.mp4",
    path.replace(/\.png$/, ".mp4"),
    path.replace("/0.png", "/1.png"),
    path.replace(created.id, `${created.id.slice(0, -1)}${created.id.endsWith("0") ? "1" : "0"}`),
  ]) {
    const r = await request(mock.port, "GET", other, {});
    expect(r.status, other).toBe(404);
    isError(r);
  }
  // A task still running has no output yet.
  const slow = await startMockServer({ port: 0, taskDuration: 600_000 });
  try {
    const running = json(await request(slow.port, "POST", operations.createTask.path, { ...AUTH, "content-type": "application/json" }, task()));
    expect((await request(slow.port, "GET", `/__mock/outputs/${running.id}/0.png`, {})).status).toBe(404);
  } finally {
    await slow.close();
  }
});
