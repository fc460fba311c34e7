// The proof that an operation needs no hand-written code: a copy of the spec in a temporary
// folder gains `DELETE /api/v1/tasks/{taskId}` (cancel) and a `cancelled` status, the generators
// run into that folder, the client (its hand-written sources copied unchanged) type-checks and
// builds there, and `monet.request("cancelTask", ...)` reaches Prism started on the new spec.
// The spec copy marks `cancelled` final, so a wait on a cancelled task ends; the MCP server and
// the CLI built there (their sources copied unchanged) gain a cancel_task tool and a
// `monet api cancelTask` command. Nothing outside the temporary folder is written: the
// repository's tree is the same after.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { decorate } from "../../scripts/build-docs.mjs";
import { generateAll } from "../../scripts/generate.mjs";
import { type Prism, startPrism } from "../support/prism.ts";
import { repoRoot } from "../support/seed.ts";

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
  copy("packages/mcp/src", tmp);
  copy("packages/cli/src", tmp);
  copy("packages/cli/package.json", tmp);

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
  status["x-monet-final"].push("cancelled");
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
  await build({
    entryPoints: [path.join(tmp, "packages/proxy/src/node.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: bundle,
    logLevel: "silent",
  });
  const built = path.join(tmp, "proxy-handler.mjs");
  await build({
    entryPoints: [path.join(tmp, "packages/proxy/src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: built,
    logLevel: "silent",
  });
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

/** A loopback API whose every task is cancelled: what a wait meets after someone cancels it. */
async function cancelledApi() {
  let polls = 0;
  const task = (id: string, status: string) => ({ id, status, type: "video", created_at: "2026-02-27T10:00:00Z", updated_at: "2026-02-27T10:00:05Z" });
  const server = http.createServer((req, res) => {
    if (req.method === "POST") {
      // The event stream of a create: the task is created, then cancelled.
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const [event, status] of [
        ["created", "pending"],
        ["cancelled", "cancelled"],
      ])
        res.write(`event: ${event}\ndata: ${JSON.stringify({ event, task: task("task_streamed", status) })}\n\n`);
      return res.end();
    }
    polls++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(task(decodeURIComponent(req.url!.split("/").pop()!), "cancelled")));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, polls: () => polls, close: () => new Promise((r) => server.close(r)) };
}

test("the spec copy marks cancelled final: the client built there ends a wait on a cancelled task with TaskFailedError naming it", async () => {
  expect(fs.readFileSync(path.join(tmp, "packages/client/src/generated/task-rules.gen.ts"), "utf8")).toContain(
    'FINAL_STATUSES = ["success","failed","cancelled"]',
  );
  const bundle = path.join(tmp, "client.mjs");
  expect(fs.existsSync(bundle)).toBe(true);
  const built = await import(pathToFileURL(bundle).href);
  const api = await cancelledApi();
  try {
    const monet = new built.Monet({ apiKey: "monet_proof", baseUrl: api.url, maxRetries: 0 });
    const failure = await monet.tasks.wait("task_abc123", { pollInterval: 10, waitTimeout: 60_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(built.TaskFailedError);
    expect(failure.message).toBe("Task task_abc123 cancelled");
    expect(failure.task.status).toBe("cancelled");
    expect(api.polls()).toBe(1);
    // stream ends on it too, with the cancelled event last.
    const events: string[] = [];
    for await (const e of monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a kite" } }, { pollInterval: 10, waitTimeout: 60_000 }))
      events.push(e.event);
    expect(events).toEqual(["created", "cancelled"]);
    expect(api.polls()).toBe(1);
    // The repository's own client (cancelled is not final in its spec) keeps polling until its waitTimeout.
    const { Monet, WaitTimeoutError } = await import("../../packages/client/src/index.ts");
    const old = new Monet({ apiKey: "monet_proof", baseUrl: api.url, maxRetries: 0 });
    await expect(old.tasks.wait("task_abc123", { pollInterval: 10, waitTimeout: 300 })).rejects.toBeInstanceOf(WaitTimeoutError);
  } finally {
    await api.close();
  }
}, 120_000);

/** esbuild, resolving the workspace packages to the sources in the temporary copy. */
async function buildTool(entry: string, outfile: string) {
  const src = (p: string) => path.join(tmp, "packages", p);
  await build({
    entryPoints: [src(entry)],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    alias: {
      "@monet-ai/client/operations": src("client/src/operations.ts"),
      "@monet-ai/client/node": src("client/src/node.ts"),
      "@monet-ai/client": src("client/src/index.ts"),
      "@monet-ai/models/schemas": src("models/src/schemas.ts"),
      "@monet-ai/models/validate": src("models/src/validate-entry.ts"),
      "@monet-ai/models/spec": src("models/src/spec.ts"),
      "@monet-ai/models": src("models/src/index.ts"),
      "@monet-ai/pipeline": path.join(repoRoot, "packages/pipeline/dist/index.js"),
    },
    nodePaths: ["mcp", "cli", "client", "pipeline", "models"].map((p) => path.join(repoRoot, "packages", p, "node_modules")),
    // CommonJS dependencies (commander, ajv) call require: give the ESM bundle one.
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    logLevel: "silent",
  });
}

test("the MCP server built there lists cancel_task (from the table, DELETE: destructive) and calls it over stdio against Prism", async () => {
  const server = path.join(tmp, "packages/mcp/dist/index.mjs");
  await buildTool("mcp/src/index.ts", server);
  prism ??= await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
  const client = new Client({ name: "proof", version: "0" });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONET_"))) as Record<string, string>;
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [server],
      env: { ...env, MONET_API_KEY: "monet_proof", MONET_BASE_URL: prism.url },
      stderr: "pipe",
    }),
  );
  try {
    const { tools } = await client.listTools();
    const cancel = tools.find((t) => t.name === "cancel_task");
    expect(cancel, tools.map((t) => t.name).join()).toBeDefined();
    expect(cancel!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: true });
    expect(cancel!.inputSchema).toMatchObject({ required: ["taskId"], additionalProperties: false, properties: { taskId: { type: "string", minLength: 1 } } });
    expect(cancel!.description).toContain("DELETE /api/v1/tasks/{taskId}");
    // The operations the friendly tools cover get no second tool.
    expect(tools.map((t) => t.name)).not.toContain("create_task");
    const done: any = await client.callTool({ name: "cancel_task", arguments: { taskId: "task_abc123" } });
    expect(done.isError, JSON.stringify(done)).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ id: "task_abc123", status: "cancelled" });
    expect(fs.readFileSync(prism.logFile, "utf8")).toMatch(/DELETE/);
    const missing: any = await client.callTool({ name: "cancel_task", arguments: {} });
    expect(missing.isError).toBe(true);
    expect(missing.content[0].text).toMatch(/taskId is required/);
    const extra: any = await client.callTool({ name: "cancel_task", arguments: { taskId: "task_abc123", force: true } });
    expect(extra.content[0].text).toMatch(/force is not an argument; the arguments are taskId/);
    const bad: any = await client.callTool({ name: "cancel_task", arguments: { taskId: "../files" } });
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toMatch(/taskId must be one path segment/);
  } finally {
    await client.close();
  }
}, 120_000);

test("the CLI built there has `monet api cancelTask --task-id`, listed in --help, and calls it against Prism", async () => {
  const cli = path.join(tmp, "packages/cli/dist/cli.mjs");
  await buildTool("cli/src/cli.ts", cli);
  prism ??= await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", env: { ...process.env, MONET_API_KEY: "monet_proof", MONET_BASE_URL: prism!.url } });
  const help = run(["api", "--help"]);
  expect(help.stdout).toMatch(/cancelTask {2}DELETE \/api\/v1\/tasks\/\{taskId\}\n\s+--task-id <taskId>\s+path, string, required/);
  const r = run(["api", "cancelTask", "--task-id", "task_abc123"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ id: "task_abc123", status: "cancelled" });
  const missing = run(["api", "cancelTask"]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("--task-id is required for cancelTask");
}, 120_000);

test("nothing outside the temporary copy was written", () => {
  expect(gitStatus()).toBe(before);
});
