// The reference's read samples, run as a reader copies them against the mock the docs send
// readers to (only the host, or MONET_BASE_URL, changed): "Get a task" sends the spec's example
// id, which the mock answers with the spec's example task (the audit's F2), and "List tasks"
// prints the one page it asked for, not every task of the account (F5).
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { decorate } from "../../scripts/build-docs.mjs";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const site = decorate(spec);
const samples = (id: string): { label: string; source: string }[] =>
  Object.values<any>(site.paths)
    .flatMap((item) => Object.values<any>(item))
    .find((o) => o.operationId === id)["x-codeSamples"];
const sample = (id: string, label: string) => samples(id).find((s) => s.label === label)!.source;
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONET_"))) as Record<string, string>;

let mock: MockServer;
let dir: string;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-ref-run-"));
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { cwd: dir, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

/** The TypeScript sample, bundled from docs/ (its imports resolve to the workspace packages), run with the mock guide's variables. */
async function runTs(source: string) {
  const file = path.join(dir, `sample-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: path.join(repoRoot, "docs"), loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: file,
    logLevel: "silent",
  });
  return run(process.execPath, [file], { ...cleanEnv(), MONET_BASE_URL: mock.url, MONET_API_KEY: "monet_test" });
}

const exampleId: string = Object.values<any>(spec.components.parameters.TaskId.examples)[0].value;
const exampleTask = spec.components.schemas.Task.examples[0];

test("the Get a task curl sample runs on the mock unchanged and gets the spec's example task", async () => {
  const curl = sample("getTask", "curl");
  expect(curl).toContain(exampleId);
  expect(curl).toMatch(/^# .*use the id your create call answered/m);
  const { code, out } = await run("bash", ["-c", `${curl.replaceAll("https://monet.vision", mock.url)} -sS -i`], {
    ...cleanEnv(),
    MONET_API_KEY: "monet_test",
  });
  expect(code, out).toBe(0);
  expect(out).toMatch(/^HTTP\/1\.1 200/);
  expect(out.toLowerCase()).toContain("x-monet-mock: example");
  expect(JSON.parse(out.slice(out.indexOf("\r\n\r\n") + 4))).toEqual(exampleTask);
}, 60_000);

test("the Get a task TypeScript sample runs on the mock unchanged and prints the example task's status", async () => {
  const ts = sample("getTask", "@monet-ai/client");
  expect(ts).toMatch(/^\/\/ .*use the id your create call answered/m);
  const { code, out } = await runTs(ts);
  expect(code, out).toBe(0);
  expect(out).toMatch(new RegExp(`^${exampleTask.status} `));
}, 60_000);

test("a task id the caller never made, other than the example's, is still 404 on the mock", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/task_not_the_example`, { headers: { authorization: "Bearer monet_test" } });
  expect(res.status).toBe(404);
  expect(res.headers.get("x-monet-mock")).toBeNull();
});

test("the upload samples say the file path is the reader's to replace", () => {
  for (const s of samples("uploadFile")) expect(s.source, s.label).toMatch(/^(#|\/\/) Replace the path with a file of yours\.$/m);
});

test("the List tasks TypeScript sample prints the one page it asks for, not every task", async () => {
  const ts = sample("listTasks", "@monet-ai/client");
  expect(ts).not.toMatch(/^for await/m);
  const query = Object.values<any>(spec.components.parameters.PageSize.examples)[0].value as number;
  // More tasks than one page holds (the create example, each with a key of its own).
  const { type, input } = Object.values<any>(spec.paths["/api/v1/tasks/async"].post.requestBody.content["application/json"].examples)[0].value;
  for (let i = 0; i <= query; i++) {
    const res = await fetch(`${mock.url}/api/v1/tasks/async`, {
      method: "POST",
      headers: { authorization: "Bearer monet_test", "content-type": "application/json" },
      body: JSON.stringify({ type, input, idempotency_key: crypto.randomUUID() }),
    });
    expect(res.status, await res.text()).toBe(200);
  }
  const { code, out } = await runTs(ts);
  expect(code, out).toBe(0);
  const lines = out.trim().split("\n");
  expect(lines.filter((l) => /^task_\S+ \w+$/.test(l))).toHaveLength(query);
  expect(lines.at(-1)).toBe(`${query} of ${query + 1}`);
}, 60_000);
