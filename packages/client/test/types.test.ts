// Types narrow by type then model: wrong values are compile errors (checked by tsc below).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, expectTypeOf, test } from "vitest";
import type { CreateTaskParams, Monet, Task, TaskEvent, TaskList, TaskStreamEvent, UploadedFile } from "../src/index.js";

test("type assertions", () => {
  const ok: CreateTaskParams[] = [
    { type: "video", input: { model: "sora-2", prompt: "x", duration: 15, aspect_ratio: "9:16" } },
    { type: "image", input: { model: "wan-2-5", prompt: "x", aspect_ratio: "21:9" } },
    { type: "video", input: { model: "wan-2-5", prompt: "x", duration: 10, resolution: "480p" } },
    { type: "music", input: { model: "minimax-music", prompt: "x", lyrics: "la" }, idempotency_key: "k" },
    { type: "video", input: { model: "kling-motion-control", prompt: "x", images: [new Blob([])], videos: ["https://x/y.mp4"] } },
  ];
  const bad: CreateTaskParams[] = [
    // @ts-expect-error sora-2 takes 10 or 15 seconds
    { type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } },
    // @ts-expect-error prompt is required
    { type: "video", input: { model: "sora-2" } },
    // @ts-expect-error the image wan-2-5 has no duration
    { type: "image", input: { model: "wan-2-5", prompt: "x", duration: 5 } },
    // @ts-expect-error flux-2-dev is an image model
    { type: "video", input: { model: "flux-2-dev", prompt: "x" } },
    // @ts-expect-error no such field
    { type: "image", input: { model: "flux-2-dev", prompt: "x", colour: "red" } },
  ];
  void [ok, bad];
  expectTypeOf<Awaited<ReturnType<Monet["tasks"]["create"]>>>().toEqualTypeOf<Task>();
  expectTypeOf<TaskEvent["event"]>().toEqualTypeOf<"created" | "progress" | "success" | "failed">();
});

// Never called: a model newer than the SDK goes through the (string & {}) escape hatch, while a
// known model keeps every check.
export async function forwardCompatibleTypes(monet: Monet, someModel: string) {
  await monet.tasks.create({ type: "video", input: { model: "sora-3", prompt: "x", duration: 7, any_new_field: true } });
  await monet.tasks.create({ type: "video", input: { model: someModel, prompt: "x" } });
  await monet.tasks.run({ type: "image", input: { model: "flux-3", prompt: "x" } });
  for await (const _ of monet.tasks.stream({ type: "music", input: { model: "minimax-music-2", prompt: "x" } }));
  // @ts-expect-error a known model keeps its rules: sora-2 takes 10 or 15 seconds
  await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } });
  // @ts-expect-error a known model of another type is still refused
  await monet.tasks.create({ type: "video", input: { model: "flux-2-dev", prompt: "x" } });
  // @ts-expect-error a known model keeps its required fields
  await monet.tasks.create({ type: "video", input: { model: "sora-2" } });
  // @ts-expect-error the task types are the spec's
  await monet.tasks.create({ type: "3d", input: { model: "new-3d", prompt: "x" } });
}

// Never called: tsc checks that request() is typed by operationId from the spec.
export async function requestTypes(monet: Monet) {
  expectTypeOf(await monet.request("getTask", { path: { taskId: "task_abc123" } })).toEqualTypeOf<Task>();
  expectTypeOf(await monet.request("listTasks")).toEqualTypeOf<TaskList>();
  expectTypeOf(await monet.request("listTasks", { query: { pageSize: 10 } }, { timeout: 5000 })).toEqualTypeOf<TaskList>();
  // The idempotency key may be left out: request() fills it in.
  expectTypeOf(await monet.request("createTask", { body: { type: "video", input: { model: "sora-2", prompt: "x", duration: 10 } } })).toEqualTypeOf<Task>();
  expectTypeOf(await monet.request("uploadFile", { body: { file: new Blob([]) } })).toEqualTypeOf<UploadedFile>();
  for await (const e of await monet.request("createTaskStream", { body: { type: "music", input: { model: "minimax-music", prompt: "x" } } }))
    expectTypeOf(e).toEqualTypeOf<TaskStreamEvent>();
  const { data, requestId, response } = await monet.request("getTask", { path: { taskId: "t" } }).withResponse();
  expectTypeOf(data).toEqualTypeOf<Task>();
  expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  expectTypeOf(response).toEqualTypeOf<Response>();
  // @ts-expect-error getTask needs its path argument
  await monet.request("getTask");
  // @ts-expect-error no such operation in the spec
  await monet.request("deleteEverything");
  // @ts-expect-error taskId is text
  await monet.request("getTask", { path: { taskId: 1 } });
  // @ts-expect-error sora-2 takes 10 or 15 seconds
  await monet.request("createTask", { body: { type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } } });
  // @ts-expect-error listTasks has no taskId
  await monet.request("listTasks", { path: { taskId: "t" } });
}

test("the type tests compile (tsc --noEmit)", () => {
  const root = path.resolve(import.meta.dirname, "../../..");
  let out = "";
  try {
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", path.resolve(import.meta.dirname, "../tsconfig.json")],
      { encoding: "utf8" },
    );
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 180_000); // a whole tsc run, slow on a loaded machine
