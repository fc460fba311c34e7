// The generated client, the spec and Prism (the spec's own mock and judge) agree on every
// operation and every model. Prism runs as a real process on a free loopback port.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createClient, createConfig } from "../../packages/client/src/generated/client/index.js";
import * as sdk from "../../packages/client/src/generated/sdk.gen.js";
import { readSeedModels } from "../support/seed.ts";
import { invalidCases, wrongTypeCases } from "../support/cases.ts";
import { errorFields, modelSchemaName, schemas, validator } from "../support/spec.ts";
import { parseSse } from "../support/sse.ts";
import { startPrism, type Prism } from "../support/prism.ts";

const seed = readSeedModels();
let prism: Prism;
let client: ReturnType<typeof createClient>;
const truncated: string[] = [];

beforeAll(async () => {
  prism = await startPrism();
  client = createClient(createConfig({ baseUrl: prism.url, auth: () => "monet_contract_test" }));
});
afterAll(() => prism?.close());

function expectValid(schemaName: string, body: unknown) {
  const v = validator(schemaName);
  expect(v(body) ? [] : errorFields(v.errors)).toEqual([]);
}

/** Prism lists every oneOf branch's complaints in `sl-violations`; the field must be among them. */
function violationsName(header: string | null, field: string): boolean {
  if (!header) return false;
  const key = field.replace(/\[\d+\]$/, "");
  return (
    header.includes(`"input","${key}"`) ||
    header.includes(`found '${key}'`) ||
    header.includes(`required property '${key}'`)
  );
}

describe("every operation through the generated client", () => {
  test("createTask: 200, a Task, with X-Request-Id", async () => {
    const r = await sdk.createTask({
      client,
      body: { type: "video", input: { model: "sora-2", prompt: "A cat running in the park", duration: 10 }, idempotency_key: "k-1" },
    });
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get("x-request-id")).toBeTruthy();
    expectValid("Task", r.data);
  });

  test("createTaskStream: 200 text/event-stream whose events are TaskStreamEvents", async () => {
    const res = await fetch(`${prism.url}/api/v1/tasks/sync`, {
      method: "POST",
      headers: { authorization: "Bearer monet_contract_test", "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ type: "music", input: { model: "minimax-music", prompt: "lo-fi beats" }, idempotency_key: "k-2" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expectValid("TaskStreamEvent", e.data);
      expect((e.data as { event: string }).event).toBe(e.event);
    }
    expect(["success", "failed", "error"]).toContain(events.at(-1)!.event);
  });

  test("getTask: 200, a Task", async () => {
    const r = await sdk.getTask({ client, path: { taskId: "task_abc123" } });
    expect(r.response.status).toBe(200);
    expectValid("Task", r.data);
  });

  test("listTasks: 200, a TaskList; pageSize over the maximum is 422", async () => {
    const r = await sdk.listTasks({ client, query: { page: 1, pageSize: 20 } });
    expect(r.response.status).toBe(200);
    expectValid("TaskList", r.data);
    const bad = await sdk.listTasks({ client, query: { page: 1, pageSize: 101 } });
    expect(bad.response.status).toBe(422);
    const zero = await sdk.listTasks({ client, query: { page: 0 } });
    expect(zero.response.status).toBe(422);
  });

  test("uploadFile: a real multipart request with binary bytes is accepted", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0xff, 0x00]);
    const r = await sdk.uploadFile({ client, body: { file: new Blob([png], { type: "image/png" }) } });
    expect(r.response.status).toBe(200);
    expect(r.request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expectValid("File", r.data);
  });

  test.each([
    ["missing", undefined],
    ["malformed (not bearer)", "Basic bW9uZXQ6eA=="],
  ])("auth %s: the spec's 401 Error body", async (_name, authorization) => {
    const res = await fetch(`${prism.url}/api/v1/tasks/task_abc123`, { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(401);
    expectValid("Error", await res.json());
  });
});

describe.each(seed)("$type model $id", (m) => {
  test("its spec example is accepted", async () => {
    for (const input of schemas[modelSchemaName(m.type, m.id)].examples) {
      const r = await sdk.createTask({ client, body: { type: m.type, input, idempotency_key: `ex-${m.id}` } as never });
      expect(r.response.status, JSON.stringify(r.response.headers.get("sl-violations"))).toBe(200);
    }
  });

  test.each(invalidCases([m]))("rejects $name, naming $field", async (c) => {
    const r = await sdk.createTask({ client, body: { type: c.type, input: c.input, idempotency_key: "bad" } as never });
    expect(r.response.status).toBe(422);
    expectValid("Error", r.error);
    const header = r.response.headers.get("sl-violations") ?? "";
    // Prism cuts its list at about 8 kB ("Too many violations!"): past that the field may be cut off.
    if (header.startsWith("Too many violations!") && !violationsName(header, c.field)) truncated.push(`${m.id}: ${c.name}`);
    else expect(violationsName(header, c.field)).toBe(true);
  });
});

test("Prism names the field in at least 95% of the invalid cases (the rest were cut off by its 8 kB list)", () => {
  const total = invalidCases(seed).length;
  expect(truncated.length / total, truncated.join("\n")).toBeLessThan(0.05);
});

test.each(wrongTypeCases(seed))("rejects $model under type $type", async (c) => {
  const r = await sdk.createTask({ client, body: { type: c.type, input: c.input, idempotency_key: "bad" } as never });
  expect(r.response.status).toBe(422);
});
