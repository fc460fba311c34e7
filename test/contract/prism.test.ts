// Monet (the client users run), the spec and Prism (the spec's own mock and judge) agree on every
// operation and every model; and through a Prism proxy in front of our mock, the spec judges both
// the client's requests and the mock's answers. Prism runs as a real process on a free port.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { APIError, AuthenticationError, Monet, MonetError } from "../../packages/client/src/index.js";
import { type MockServer, startMockServer } from "../../packages/mock/src/index.js";
import { invalidCases, wrongTypeCases } from "../support/cases.ts";
import { type Prism, startPrism } from "../support/prism.ts";
import { readSeedModels, repoRoot } from "../support/seed.ts";
import { errorFields, modelSchemaName, pathOf, queryBounds, schemas, validator } from "../support/spec.ts";

const seed = readSeedModels();
let prism: Prism;
let proxy: Prism;
let mock: MockServer;
const truncated: string[] = [];

/** A Monet whose every HTTP answer is kept, so a test can read what the judge said. */
function recording(baseUrl: string, opts: { validateInputs?: boolean } = {}) {
  const responses: Response[] = [];
  const requests: Request[] = [];
  const monet = new Monet({
    baseUrl,
    apiKey: "monet_contract_test",
    maxRetries: 0,
    ...opts,
    fetch: async (input, init) => {
      const req = new Request(input, init);
      requests.push(req.clone());
      const res = await fetch(req);
      responses.push(res.clone());
      return res;
    },
  });
  return { monet, responses, requests, last: () => responses.at(-1)! };
}

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  [prism, proxy] = await Promise.all([startPrism(), startPrism("proxy", mock.url)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([prism?.close(), proxy?.close()]);
  await mock?.close();
});

function expectValid(schemaName: string, body: unknown) {
  const v = validator(schemaName);
  expect(v(body) ? [] : errorFields(v.errors)).toEqual([]);
}

/** Prism lists every oneOf branch's complaints in `sl-violations`; the field must be among them. */
function violationsName(header: string | null, field: string): boolean {
  if (!header) return false;
  const key = field.replace(/\[\d+\]$/, "");
  return header.includes(`"input","${key}"`) || header.includes(`found '${key}'`) || header.includes(`required property '${key}'`);
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0xff, 0x00]);

describe("every operation through Monet, judged by Prism's mock", () => {
  test("createTask: a Task, with X-Request-Id", async () => {
    const r = recording(prism.url);
    const task = await r.monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "A cat running in the park", duration: 10 } });
    expect(r.last().status).toBe(200);
    expect(r.last().headers.get("x-request-id")).toBeTruthy();
    expectValid("Task", task);
  });

  test("createTaskStream: text/event-stream whose events are TaskStreamEvents", async () => {
    const r = recording(prism.url);
    const events = [];
    for await (const e of r.monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "lo-fi beats" } })) events.push(e);
    expect(r.responses[0].headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expectValid("TaskStreamEvent", e);
  });

  test("getTask: a Task", async () => {
    const r = recording(prism.url);
    expectValid("Task", await r.monet.tasks.get("task_abc123"));
    expect(r.last().status).toBe(200);
  });

  test("listTasks: a TaskList; the bounds Prism enforces, the client enforces before sending", async () => {
    const r = recording(prism.url);
    const page = await r.monet.tasks.list({ page: 1, pageSize: 20 });
    expect(r.last().status).toBe(200);
    expectValid("TaskList", { tasks: page.tasks, page: page.page, pageSize: page.pageSize, total: page.total });
    // Just past the spec's bounds, so a bound changed in the spec moves the case.
    for (const query of [{ page: 1, pageSize: queryBounds("pageSize").above }, { page: queryBounds("page").below }]) {
      const sent = r.requests.length;
      await expect((async () => r.monet.tasks.list(query))()).rejects.toBeInstanceOf(MonetError);
      expect(r.requests.length, JSON.stringify(query)).toBe(sent);
      const raw = await fetch(`${prism.url}${pathOf("listTasks")}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, {
        headers: { authorization: "Bearer monet_x" },
      });
      expect(raw.status, JSON.stringify(query)).toBe(422);
    }
  });

  test("uploadFile: a real multipart request with binary bytes is accepted", async () => {
    const r = recording(prism.url);
    const file = await r.monet.files.upload(new Blob([png], { type: "image/png" }), { filename: "cat.png" });
    expect(r.last().status).toBe(200);
    expect(r.requests.at(-1)!.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expectValid("UploadedFile", file);
  });

  test("no key: the spec's 401, surfaced as AuthenticationError", async () => {
    const monet = new Monet({ baseUrl: prism.url, apiKey: null, maxRetries: 0 });
    await expect(monet.tasks.get("task_abc123")).rejects.toBeInstanceOf(AuthenticationError);
    const res = await fetch(`${prism.url}/api/v1/tasks/task_abc123`, { headers: { authorization: "Basic bW9uZXQ6eA==" } });
    expect(res.status).toBe(401);
    expectValid("ErrorResponse", await res.json());
  });
});

// Prism as a validating proxy (--errors) in front of our mock: a request or an answer that breaks
// the spec comes back as an error instead of the mock's answer. Uploads stay off this path: Prism's
// proxy corrupts binary multipart bodies (0x89 becomes EF BF BD), a fault of the judge, not ours.
describe("every operation through Monet and a Prism proxy in front of the mock", () => {
  test("create, get, wait, list and stream: the mock's answers pass the spec", async () => {
    const r = recording(proxy.url);
    const created = await r.monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "A red fox", aspect_ratio: "16:9" } });
    expectValid("Task", created);
    expectValid("Task", await r.monet.tasks.get(created.id));
    const done = await r.monet.tasks.wait(created.id, { pollInterval: 100 });
    expect(done.status).toBe("success");
    const page = await r.monet.tasks.list({ page: 1, pageSize: 5 });
    expect(page.tasks.map((t) => t.id)).toContain(created.id);
    const events = [];
    for await (const e of r.monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "a jingle" } })) events.push(e.event);
    expect(events.at(-1)).toBe("success");
    for (const res of r.responses) expect(res.headers.get("sl-violations"), res.url).toBeNull();
    expect(r.responses.every((res) => res.ok)).toBe(true);
  }, 60_000);

  test("a 404 from the mock is the spec's Error body", async () => {
    const r = recording(proxy.url);
    await expect(r.monet.tasks.get("task_does_not_exist")).rejects.toBeInstanceOf(MonetError);
    expect(r.last().status).toBe(404);
    expect(r.last().headers.get("sl-violations")).toBeNull();
    expectValid("ErrorResponse", await r.last().json());
  });
});

/** Sends a body the client would refuse, straight through Monet's transport (validation off). */
async function createRaw(body: { type: string; input: Record<string, unknown> }) {
  const r = recording(prism.url, { validateInputs: false });
  await r.monet.tasks.create(body as never).catch(() => {});
  return r.last();
}

describe.each(seed)("$type model $id", (m) => {
  test("its spec example is accepted", async () => {
    for (const input of schemas[modelSchemaName(m.type, m.id)].examples) {
      const res = await createRaw({ type: m.type, input });
      expect(res.status, JSON.stringify(res.headers.get("sl-violations"))).toBe(200);
    }
  });

  test.each(invalidCases([m]))("rejects $name, naming $field", async (c) => {
    const res = await createRaw({ type: c.type, input: c.input });
    expect(res.status).toBe(422);
    expectValid("ErrorResponse", await res.json());
    const header = res.headers.get("sl-violations") ?? "";
    // Prism cuts its list at about 8 kB ("Too many violations!"): past that the field may be cut off.
    if (header.startsWith("Too many violations!") && !violationsName(header, c.field)) truncated.push(`${m.id}: ${c.name}`);
    else expect(violationsName(header, c.field)).toBe(true);
  });
});

// Each non-matching branch of a model union adds its errors to Prism's list; since discriminators
// are one-value enums (readable by every generator), the model error names the allowed value and
// is longer, so the 8 kB list cuts off more of the models late in a union (26 of 273 measured).
test("Prism names the field in at least 90% of the invalid cases (the rest were cut off by its 8 kB list)", () => {
  const total = invalidCases(seed).length;
  expect(truncated.length / total, truncated.join("\n")).toBeLessThan(0.1);
});

test.each(wrongTypeCases(seed))("rejects $model under type $type", async (c) => {
  expect((await createRaw({ type: c.type, input: c.input })).status).toBe(422);
});

// Audit s20-client F9: the client README's `for await` over tasks.list() ends in an error against
// Prism (every page is the spec's one static example, so the walk sees page 1 again). That is
// right, and the README now says so where it shows the example; this holds both to what happens.
test("the client README's for-await over tasks.list() against Prism yields a task, then the APIError the README names", async () => {
  const { monet } = recording(prism.url);
  const seen: string[] = [];
  const err = await (async () => {
    for await (const t of monet.tasks.list()) seen.push(t.id);
  })().catch((e) => e);
  expect(seen.length).toBeGreaterThan(0);
  expect(err).toBeInstanceOf(APIError);
  expect(err.message).toContain("the server repeats pages");
  const readme = fs.readFileSync(path.join(repoRoot, "packages/client/README.md"), "utf8");
  const example = readme.indexOf("for await (const task of monet.tasks.list())");
  const line = readme
    .slice(example)
    .split("\n")
    .find((l) => l.startsWith("Against Prism"));
  expect(line).toContain('ends with an `APIError` ("the server repeats pages")');
  expect(readme.indexOf(line ?? "\0") - example).toBeLessThan(400);
});
