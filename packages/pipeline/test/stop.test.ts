// s13 CLI audit M1: a run that cannot work at all (a refused key, an API that cannot be reached
// after the retries) stops at once with a PipelineStoppedError instead of trying, and failing,
// every item; what was created is in the journal, and a rerun resumes. A 500 is one request's
// problem: that task fails and the run goes on. Against the real mock and its fault injection.
import fs from "node:fs";
import path from "node:path";
import { APIConnectionError, AuthenticationError, Monet } from "@monet-ai/client";
import { createTask } from "@monet-ai/client/operations";
import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, PipelineStoppedError, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

/** One image task per item id, one at a time (so "nothing more" is exact). */
const fanOut = (ids: string[]) =>
  `name: stop\nconcurrency: 1\nitems: [${ids.map((id) => `{ id: ${id} }`).join(", ")}]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a \${{ item.id }}" } }\n`;

const fault = (f: object) => fetch(`${b.mock.url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
const creates = () => b.requests.filter((r) => r.method === createTask.method && r.path === createTask.path);

test("a refused key stops the run at its first request: a typed error (reason auth, the client's error as cause), nothing more sent", async () => {
  b = await bench();
  const file = b.write("p.yaml", fanOut(["a", "b", "c"]));
  const events: PipelineEvent[] = [];
  const refused = new Monet({ apiKey: "not_a_monet_key", baseUrl: b.mock.url });
  const e = await runPipeline(file, { client: refused, outDir: b.out, pollInterval: 50, onEvent: (x) => events.push(x) }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("auth");
  expect(e.cause).toBeInstanceOf(AuthenticationError);
  // One create, refused; the two other items were never sent.
  expect(creates().map((r) => r.status)).toEqual([401]);
  expect(e.summary).toEqual({ total: 3, succeeded: 0, failed: 0, skipped: 0, unfinished: 3 });
  const manifest = JSON.parse(fs.readFileSync(path.join(b.out, "manifest.json"), "utf8"));
  expect(e.manifest).toBe(fs.realpathSync(path.join(b.out, "manifest.json")));
  expect(manifest.tasks.map((t: { status: string }) => t.status)).toEqual(["unfinished", "unfinished", "unfinished"]);
  expect(manifest.tasks[0].error).toMatch(/^create failed: .*API key/);
  expect(events.at(-1)).toMatchObject({ type: "stopped", reason: "auth", summary: e.summary });
  expect(events.some((x) => x.type === "task" && x.status === "failed")).toBe(false);
});

test("an API gone after the retries (503 on every create) stops the run (reason connection); a rerun creates only what is missing", async () => {
  b = await bench(100);
  // First run: item a only, created and saved.
  const file = b.write("p.yaml", fanOut(["a"]));
  expect((await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 })).summary.succeeded).toBe(1);
  // Items b and c added; every create now answers 503 (more than the run's retries).
  fs.writeFileSync(file, fanOut(["a", "b", "c"]));
  expect((await fault({ kind: "server-error", status: 503, times: 1000, method: "POST", path: createTask.path })).status).toBe(200);
  const before = creates().length;
  const e = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("connection");
  expect(e.cause.status).toBe(503);
  // Item b's create and its retries (one key), nothing for c: the run stopped there.
  const sent = creates().slice(before);
  expect(sent.length).toBeGreaterThan(1);
  expect(sent.every((r) => r.status === 503)).toBe(true);
  expect(e.summary).toEqual({ total: 3, succeeded: 1, failed: 0, skipped: 0, unfinished: 2 });
  // The API is back: the same run creates b and c, and never a again.
  await fetch(`${b.mock.url}/__mock/faults`, { method: "DELETE" });
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(m.summary).toEqual({ total: 3, succeeded: 3, failed: 0, skipped: 0 });
  expect((await b.tasks()).length).toBe(3);
}, 90_000);

test("no connection at all (a closed port) stops the run with the client's APIConnectionError as cause", async () => {
  b = await bench();
  const file = b.write("p.yaml", fanOut(["a", "b"]));
  const url = b.mock.url;
  await b.mock.close();
  const e = await runPipeline(file, { client: new Monet({ apiKey: "monet_x", baseUrl: url }), outDir: b.out, pollInterval: 50 }).catch((x) => x);
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("connection");
  expect(e.cause).toBeInstanceOf(APIConnectionError);
  expect(e.summary).toMatchObject({ total: 2, unfinished: 2 });
  b.mock.close = async () => {};
}, 90_000);

test("a 500 is that request's problem: its task fails, the run goes on and ends normally", async () => {
  b = await bench(100);
  const file = b.write("p.yaml", fanOut(["a", "b"]));
  // More 500s than the run's retries, on the first create only (one at a time).
  expect((await fault({ kind: "server-error", status: 500, times: 7, method: "POST", path: createTask.path })).status).toBe(200);
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  expect(m.summary).toEqual({ total: 2, succeeded: 1, failed: 1, skipped: 0 });
  expect(m.tasks[0].error).toMatch(/^create failed/);
}, 90_000);
