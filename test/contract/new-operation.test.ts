// The proof that an operation needs no hand-written code: a copy of the spec in a temporary
// folder gains `DELETE /api/v1/tasks/{taskId}` (cancel) and a `cancelled` status, the generators
// run into that folder, the client (its hand-written sources copied unchanged) type-checks and
// builds there, and `monet.request("cancelTask", ...)` reaches Prism started on the new spec.
// Nothing outside the temporary folder is written: the repository's tree is the same after.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { generateAll } from "../../scripts/generate.mjs";
import { decorate } from "../../scripts/build-docs.mjs";
import { repoRoot } from "../support/seed.ts";
import { startPrism, type Prism } from "../support/prism.ts";

const gitStatus = () => execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repoRoot, encoding: "utf8" });
const copy = (rel: string, into: string) => fs.cpSync(path.join(repoRoot, rel), path.join(into, rel), { recursive: true });

let tmp: string;
let prism: Prism | undefined;
let before: string;

beforeAll(async () => {
  before = gitStatus();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monet-new-op-"));
  copy("openapi/src", tmp);
  // The hand-written sources, copied as they are (their generated folders are written below).
  copy("packages/client/src", tmp);
  copy("packages/models/src", tmp);
  copy("packages/proxy/src", tmp);

  // The only edits: the spec copy gains the operation and the status.
  const taskPath = path.join(tmp, "openapi/src/paths/task.yaml");
  const item = parse(fs.readFileSync(taskPath, "utf8"));
  item.delete = {
    operationId: "cancelTask",
    tags: ["Tasks"],
    summary: "Cancel a task",
    description: "Stops a task that has not finished. It ends with status `cancelled`.",
    parameters: [{ $ref: "../parameters/TaskId.yaml" }],
    responses: {
      "200": {
        description: "The task, now cancelled.",
        content: {
          "application/json": {
            schema: { $ref: "../schemas/Task.yaml" },
            example: { id: "task_abc123", status: "cancelled", type: "video", created_at: "2026-02-27T10:00:00Z" },
          },
        },
      },
      "401": { $ref: "../responses/Unauthorized.yaml" },
      "404": { $ref: "../responses/NotFound.yaml" },
    },
  };
  fs.writeFileSync(taskPath, stringify(item));
  const statusPath = path.join(tmp, "openapi/src/schemas/TaskStatus.yaml");
  const status = parse(fs.readFileSync(statusPath, "utf8"));
  status.enum.push("cancelled");
  fs.writeFileSync(statusPath, stringify(status));

  await generateAll(tmp, tmp);
}, 120_000);

afterAll(async () => {
  await prism?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("the generated table of the copy has the new operation, with its method, path and path argument", async () => {
  const table = fs.readFileSync(path.join(tmp, "packages/client/src/generated/operations/cancelTask.gen.ts"), "utf8");
  expect(table).toContain('"method": "DELETE"');
  expect(table).toContain('"path": "/api/v1/tasks/{taskId}"');
  expect(table).toContain('"name": "taskId"');
  const types = fs.readFileSync(path.join(tmp, "packages/models/src/generated/spec/types.gen.ts"), "utf8");
  expect(types).toMatch(/export type TaskStatus = [^;]*'cancelled'/);
});

test("the client type-checks there: request('cancelTask') is typed from the new spec", () => {
  const use = `import { Monet, type Task } from "./packages/client/src/index.js";
declare const monet: Monet;
export const cancelled: Promise<Task> = monet.request("cancelTask", { path: { taskId: "task_abc123" } });
export const status: Task["status"] = "cancelled";
// @ts-expect-error cancelTask needs its path argument
monet.request("cancelTask");
// @ts-expect-error taskId is text
monet.request("cancelTask", { path: { taskId: 7 } });
`;
  fs.writeFileSync(path.join(tmp, "use.ts"), use);
  fs.writeFileSync(
    path.join(tmp, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: "es2022",
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["es2022", "dom", "dom.iterable"],
        types: [],
        paths: {
          "@monet-ai/models/spec": ["./packages/models/src/spec.ts"],
          "@monet-ai/models/validate": ["./packages/models/src/validate-entry.ts"],
          "eventsource-parser": [path.join(repoRoot, "packages/client/node_modules/eventsource-parser")],
        },
      },
      files: ["use.ts"],
    }),
  );
  let out = "";
  try {
    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", path.join(tmp, "tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 120_000);

test("built there, the client calls the new operation through monet.request against Prism on the new spec", async () => {
  const bundle = path.join(tmp, "client.mjs");
  await build({
    entryPoints: [path.join(tmp, "packages/client/src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: bundle,
    alias: { "@monet-ai/models/validate": path.join(tmp, "packages/models/src/validate-entry.ts") },
    nodePaths: [path.join(repoRoot, "packages/client/node_modules")],
    logLevel: "silent",
  });
  const { Monet, InputValidationError } = await import(pathToFileURL(bundle).href);
  prism = await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
  const monet = new Monet({ apiKey: "monet_proof", baseUrl: prism.url, maxRetries: 0 });

  const { data, response } = await monet.request("cancelTask", { path: { taskId: "task_abc123" } }).withResponse();
  expect(response.status).toBe(200);
  expect(data).toMatchObject({ id: "task_abc123", status: "cancelled" });
  expect(fs.readFileSync(prism.logFile, "utf8")).toMatch(/DELETE/);
  // Its argument is checked by the spec's rules, like every operation's, before anything is sent.
  await expect(monet.request("cancelTask", { path: { taskId: "../files" } })).rejects.toBeInstanceOf(InputValidationError);
  // The operations that were there still work from the same build.
  expect((await monet.request("getTask", { path: { taskId: "task_abc123" } })).id).toBeTruthy();
}, 120_000);

test("the proxy built there forwards the new operation (its allowlist is the new table); a browser's client calls it keyless", async () => {
  const bundle = path.join(tmp, "proxy.mjs");
  await build({ entryPoints: [path.join(tmp, "packages/proxy/src/node.ts")], bundle: true, format: "esm", platform: "node", outfile: bundle, logLevel: "silent" });
  const built = path.join(tmp, "proxy-handler.mjs");
  await build({ entryPoints: [path.join(tmp, "packages/proxy/src/index.ts")], bundle: true, format: "esm", platform: "node", outfile: built, logLevel: "silent" });
  const { createNodeServer } = await import(pathToFileURL(bundle).href);
  const { createMonetProxy } = await import(pathToFileURL(built).href);
  const { Monet } = await import(pathToFileURL(path.join(tmp, "client.mjs")).href);
  prism ??= await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
  const server = createNodeServer(createMonetProxy({ apiKey: "monet_proof", baseUrl: prism.url }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  // The repository's own proxy (the table without the operation) refuses the same request.
  const { createMonetProxy: repoProxy } = await import("../../packages/proxy/src/index.ts");
  const old = createNodeServer(repoProxy({ apiKey: "monet_proof", baseUrl: prism.url }));
  await new Promise<void>((r) => old.listen(0, "127.0.0.1", r));
  try {
    const monet = new Monet({ apiKey: null, baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    expect(await monet.request("cancelTask", { path: { taskId: "task_abc123" } })).toMatchObject({ status: "cancelled" });
    const refused = await fetch(`http://127.0.0.1:${old.address().port}/api/v1/tasks/task_abc123`, { method: "DELETE" });
    expect(refused.status).toBe(405);
  } finally {
    await new Promise((r) => server.close(r));
    await new Promise((r) => old.close(r));
  }
}, 120_000);

test("the new spec lints clean, and the docs give the new operation a code sample", () => {
  const redocly = path.join(repoRoot, "node_modules/@redocly/cli/bin/cli.js");
  const files = ["openapi/src/openapi.yaml", "openapi/dist/openapi.yaml"].map((f) => path.join(tmp, f));
  const lint = spawnSync(process.execPath, [redocly, "lint", ...files, "--config", path.join(repoRoot, "redocly.yaml")], { encoding: "utf8" });
  const said = lint.stdout + lint.stderr;
  expect(lint.status, said).toBe(0);
  expect(said).toContain("Your API descriptions are valid");
  expect(said).not.toMatch(/warning/i);
  const doc = decorate(JSON.parse(fs.readFileSync(path.join(tmp, "openapi/dist/openapi.json"), "utf8")));
  const samples = doc.paths["/api/v1/tasks/{taskId}"].delete["x-codeSamples"];
  expect(samples.find((s: { lang: string }) => s.lang === "TypeScript").source).toContain('monet.request("cancelTask", {"path":{"taskId":"task_abc123"}})');
}, 120_000);

test("nothing outside the temporary copy was written", () => {
  expect(gitStatus()).toBe(before);
});
