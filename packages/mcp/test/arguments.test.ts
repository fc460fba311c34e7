// Every tool call is checked against the JSON Schema the tool advertises: unknown, missing and
// out-of-range arguments are refused naming the argument and what is allowed, before anything is
// sent; and no argument or setting makes the server poll faster than once a second (the requests
// are counted at the mock).

import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { type Started, startLoggedMock, startMcp, text } from "./support.ts";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const PAGE_SIZE_MAX: number = spec.components.parameters.PageSize.schema.maximum;
const TASK_ID_PATTERN: string = spec.components.parameters.TaskId.schema.pattern;

let mock: MockServer;
let requests: string[];
let mcp: Started;

beforeAll(async () => {
  ({ mock, requests } = await startLoggedMock({ taskDuration: 3500 }));
  // MONET_POLL_INTERVAL=0 asks for a flood; the server holds it to 1 s.
  mcp = await startMcp({ env: { MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "0" } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await mock?.close();
});

/** Calls a tool, expects a refusal, and that nothing reached the API. */
async function invalid(name: string, args: Record<string, unknown>) {
  const before = requests.length;
  const r: any = await mcp.client.callTool({ name, arguments: args });
  expect(r.isError, text(r)).toBe(true);
  expect(requests.slice(before)).toEqual([]);
  return text(r);
}

test("describe_model without its argument names it, instead of 'No model undefined'", async () => {
  const why = await invalid("describe_model", {});
  expect(why).toMatch(/^Invalid arguments for describe_model: model is required: The model id/);
  expect(why).not.toContain("undefined");
});

test("a mistyped model id or input field names the closest, as the client, the mock and the CLI do", async () => {
  expect(await invalid("create_image_task", { input: { model: "imagen4", prompt: "x" } })).toContain(
    "input.model must be an image model (did you mean imagen-4-0?): one of ",
  );
  expect(await invalid("create_video_task", { input: { model: "kling-2-6", prompt: "x", image: "https://example.com/a.png" } })).toContain(
    "input.image is not a field of kling-2-6 (did you mean images?); its fields are ",
  );
});

test("an unknown argument is refused, naming it and the ones allowed (with the API's spelling for snake_case)", async () => {
  expect(await invalid("describe_model", { id: "sora-2" })).toContain("id is not an argument; the arguments are model, type");
  expect(await invalid("get_task", { task_id: "task_1" })).toContain("task_id is not an argument (did you mean taskId?); the arguments are taskId");
  expect(await invalid("list_tasks", { page_size: 5 })).toContain("page_size is not an argument (did you mean pageSize?)");
  expect(await invalid("create_music_task", { input: { model: "minimax-music", prompt: "x" }, idempotency_key: "k" })).toContain(
    "(did you mean idempotencyKey?)",
  );
  expect(await invalid("list_models", { kind: "video" })).toContain("kind is not an argument; the arguments are type, provider, feature");
});

test("wrong types, enums and bounds name the argument and what is allowed", async () => {
  expect(await invalid("list_tasks", { pageSize: 0 })).toContain("pageSize must be >= 1 (got 0)");
  expect(await invalid("list_tasks", { pageSize: PAGE_SIZE_MAX + 1 })).toContain(`pageSize must be <= ${PAGE_SIZE_MAX} (got ${PAGE_SIZE_MAX + 1})`);
  expect(await invalid("list_tasks", { page: "2" })).toContain('page must be a whole number (got "2")');
  expect(await invalid("list_models", { type: "3d" })).toContain('type must be one of video, image, music (got "3d")');
  expect(await invalid("list_models", { feature: "teleport" })).toMatch(/feature must be one of .*audio.*reference-images/);
  expect(await invalid("get_task", { taskId: "" })).toContain("taskId must have at least 1 character");
  // The spec's taskId pattern (no control characters): an id pasted with its newline is refused, not sent to a 404.
  for (const taskId of ["task_abc\n", "task\u0000", "task\u001b[31m", "task\u0085"])
    expect(await invalid("get_task", { taskId }), JSON.stringify(taskId)).toContain(`taskId must match pattern "${TASK_ID_PATTERN}"`);
  expect(await invalid("create_image_task", { input: { model: "flux-2-dev", prompt: "x" }, wait: "yes" })).toContain('wait must be a boolean (got "yes")');
  expect(await invalid("create_image_task", {})).toContain("input is required");
  expect(await invalid("create_image_task", { input: "a cat" })).toContain('input must be an object (got "a cat")');
});

test("a task input is checked against its model: unknown fields, URLs, the model itself", async () => {
  expect(await invalid("create_video_task", { input: { model: "sora-2", prompt: "x", fps: 60 } })).toContain("input.fps is not a field of sora-2");
  expect(await invalid("create_video_task", { input: { model: "sora-2", prompt: "x", images: ["./cat.png"] } })).toContain("input.images[0] must be a URL");
  expect(await invalid("create_video_task", { input: { model: "flux-2-dev", prompt: "x" } })).toContain("input.model must be a video model");
});

test("pollIntervalMs below 1 s is refused, and nothing is polled", async () => {
  const task = (await mcp.client.callTool({ name: "create_music_task", arguments: { input: { model: "minimax-music", prompt: "x" }, wait: false } }))
    .structuredContent as any;
  expect(await invalid("wait_for_task", { taskId: task.id, pollIntervalMs: 0 })).toContain("pollIntervalMs must be >= 1000 (got 0)");
  expect(await invalid("wait_for_task", { taskId: task.id, pollIntervalMs: 10 })).toContain("pollIntervalMs must be >= 1000 (got 10)");
});

test("MONET_POLL_INTERVAL=0 still polls at most once a second (GETs counted at the mock)", async () => {
  const task = (await mcp.client.callTool({ name: "create_music_task", arguments: { input: { model: "minimax-music", prompt: "x" }, wait: false } }))
    .structuredContent as any;
  const started = Date.now();
  const before = requests.length;
  const done: any = await mcp.client.callTool({ name: "wait_for_task", arguments: { taskId: task.id } }, undefined, { timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  expect(done.structuredContent.status).toBe("success");
  const polls = requests.slice(before).filter((l) => l.startsWith(`GET /api/v1/tasks/${task.id} `)).length;
  // A 3.5 s task at one poll a second: a handful. Unclamped (0 ms) this was hundreds.
  expect(polls).toBeGreaterThanOrEqual(2);
  expect(polls).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
}, 60_000);
