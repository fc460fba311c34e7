// The proof that an operation needs no hand-written code: a copy of the spec in a temporary
// folder gains `DELETE /api/v1/tasks/{taskId}` (cancel) and a `cancelled` status, the generators
// run into that folder, the client (its hand-written sources copied unchanged) type-checks and
// builds there, and `monet.request("cancelTask", ...)` reaches Prism started on the new spec.
// The spec copy marks `cancelled` final, so a wait on a cancelled task ends; the MCP server and
// the CLI built there (their sources copied unchanged) gain a cancel_task tool and a
// `monet api cancelTask` command. The mock built there answers a browser's preflight for DELETE and
// the call with the spec's documented example; a second new operation (getUsage, with a query
// enum and bound and no example) has its query checked by the mock before its 501, and a third
// (createLabel) has its JSON body checked against its schema before the documented example. The proxy's
// Node adapter and the proxy README's Next.js mount follow the new table's methods. The same copy gains a model (flux-3-pro): the catalog, the
// client's input check, Prism, the MCP create tool, the CLI and the docs built there know it, and
// no hand-written file of the copy differs from the repository's. Nothing outside the temporary
// folder is written: the repository's tree is the same after.
import { execFileSync, spawn, spawnSync } from "node:child_process";
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
import { buildDocs, decorate } from "../../scripts/build-docs.mjs";
import { generateAll } from "../../scripts/generate.mjs";
import { GENERATED_NOTE } from "../../scripts/generated-note.mjs";
import { type Prism, startPrism } from "../support/prism.ts";
import { repoRoot } from "../support/seed.ts";

const gitStatus = () => execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repoRoot, encoding: "utf8" });
const packages = fs.readdirSync(path.join(repoRoot, "packages")).filter((p) => fs.existsSync(path.join(repoRoot, "packages", p, "src")));
const copy = (rel: string, into: string) => fs.cpSync(path.join(repoRoot, rel), path.join(into, rel), { recursive: true });

let tmp: string;
let prism: Prism | undefined;
let before: string;

// The model the spec copy gains, declared the way every model is (CONTRIBUTING, "Add a model"):
// one input schema in openapi/src/models/<type>/<id>.yaml and one line each in its type's union
// and discriminator mapping. The tests below take their expectations from this object.
const MODEL = { id: "flux-3-pro", type: "image", name: "Flux 3 Pro", provider: "Black Forest Labs" } as const;
const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4"];
const NUM_IMAGES = { minimum: 1, maximum: 4 };
const modelSchema = {
  title: `${MODEL.name} (image input)`,
  description: `Input for \`${MODEL.id}\` (${MODEL.name}, ${MODEL.provider}): sharp text and several images per task.`,
  type: "object",
  required: ["model", "prompt"],
  additionalProperties: false,
  properties: {
    model: { type: "string", enum: [MODEL.id], description: "Model id." },
    prompt: { type: "string", minLength: 1, description: "Text description of what to generate." },
    aspect_ratio: { type: "string", enum: ASPECT_RATIOS, description: "Output aspect ratio (width:height)." },
    num_images: { type: "integer", ...NUM_IMAGES, default: 1, description: "How many images to generate." },
  },
  examples: [{ model: MODEL.id, prompt: "A lighthouse on a cliff at dusk, poster style", aspect_ratio: "16:9", num_images: 2 }],
  "x-monet-model": {
    name: MODEL.name,
    provider: MODEL.provider,
    family: "Flux",
    tagline: "Several sharp images per prompt",
    useCases: ["Posters and product shots in several variants"],
    highlights: ["Up to 4 images per task"],
  },
};

/** Adds MODEL to the spec copy in `root`: its schema file and its line in the image union and mapping. */
function addModel(root: string) {
  const ref = `../models/image/${MODEL.id}.yaml`;
  fs.writeFileSync(path.join(root, "openapi/src/models/image", `${MODEL.id}.yaml`), stringify(modelSchema));
  const unionPath = path.join(root, "openapi/src/schemas/ImageInput.yaml");
  const union = parse(fs.readFileSync(unionPath, "utf8"));
  union.oneOf.push({ $ref: ref });
  union.discriminator.mapping[MODEL.id] = ref;
  fs.writeFileSync(unionPath, stringify(union));
}

// What the copy adds: if the repository's spec has any of it already, the proof adds nothing and
// its edits collide (a duplicated enum value, a second DELETE); say so instead.
const ADDED = {
  operations: ["cancelTask", "getUsage", "createLabel"],
  paths: ["/api/v1/usage", "/api/v1/labels"],
  status: "cancelled",
  method: ["/api/v1/tasks/{taskId}", "delete"],
} as const;
const USAGE = { period: ["day", "week", "month"], limit: { minimum: 1, maximum: 12 } };
// A third operation, with a JSON body the mock does not simulate: it checks the body against this schema.
const LABEL = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: { name: { type: "string", minLength: 1, maxLength: 40 }, color: { type: "string", enum: ["red", "green", "blue"] } },
};
const LABEL_EXAMPLE = { name: "favourites", color: "red" };

/** What of ADDED the repository's bundled spec already has (empty: the proof can add it). */
function alreadyInSpec(spec: any): string[] {
  const ids = Object.values(spec.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
    Object.values(item).map((o) => o?.operationId),
  );
  const statuses = JSON.stringify(spec.components.schemas.TaskStatus ?? {});
  return [
    ...ADDED.operations.filter((id) => ids.includes(id)),
    ...ADDED.paths.filter((p) => spec.paths[p]),
    ...(spec.paths[ADDED.method[0]]?.[ADDED.method[1]] ? [`${ADDED.method[1].toUpperCase()} ${ADDED.method[0]}`] : []),
    ...(statuses.includes(`"${ADDED.status}"`) ? [`status ${ADDED.status}`] : []),
  ];
}

beforeAll(async () => {
  const present = alreadyInSpec(JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8")));
  if (present.length)
    throw new Error(
      `the spec already has ${present.join(", ")}: pick another operation for this proof (test/contract/new-operation.test.ts adds cancelTask/cancelled and getUsage to a copy of the spec; rename what it adds, and its expectations, to something the spec does not have)`,
    );
  before = gitStatus();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monet-new-op-"));
  copy("openapi/src", tmp);
  // Every package's hand-written sources, copied as they are (their generated folders are
  // written below), and the hand-written docs the site is built from.
  for (const p of packages) copy(`packages/${p}/src`, tmp);
  // The CLI's --version and the MCP server's serverInfo.version are read from these at run time.
  for (const bin of ["cli", "mcp"]) copy(`packages/${bin}/package.json`, tmp);
  copy("docs/guides", tmp);
  copy("docs/examples", tmp);

  // The only edits: the spec copy gains the operation and the status (here), and a model (addModel).
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
  status.anyOf.find((b: { enum?: string[] }) => b.enum).enum.push("cancelled");
  status["x-monet-final"].push("cancelled");
  fs.writeFileSync(statusPath, stringify(status));
  // A second operation, on a path of its own, with a query enum and bound and no documented example.
  fs.writeFileSync(
    path.join(tmp, "openapi/src/paths/usage.yaml"),
    stringify({
      get: {
        operationId: "getUsage",
        tags: ["Tasks"],
        summary: "Get usage",
        description: "How many tasks the caller created per period.",
        parameters: [
          { name: "period", in: "query", required: false, description: "The length of one period.", schema: { type: "string", enum: USAGE.period } },
          { name: "limit", in: "query", required: false, description: "How many periods, newest first.", schema: { type: "integer", ...USAGE.limit } },
        ],
        responses: {
          "200": {
            description: "Tasks created per period.",
            content: {
              "application/json": {
                schema: { type: "object", required: ["counts"], properties: { counts: { type: "array", items: { type: "integer", minimum: 0 } } } },
              },
            },
          },
          "401": { $ref: "../responses/Unauthorized.yaml" },
        },
      },
    }),
  );
  fs.writeFileSync(
    path.join(tmp, "openapi/src/paths/labels.yaml"),
    stringify({
      post: {
        operationId: "createLabel",
        tags: ["Tasks"],
        summary: "Create a label",
        description: "Creates a label to file tasks under.",
        requestBody: { required: true, content: { "application/json": { schema: LABEL } } },
        responses: {
          "200": { description: "The label.", content: { "application/json": { schema: LABEL, example: LABEL_EXAMPLE } } },
          "401": { $ref: "../responses/Unauthorized.yaml" },
        },
      },
    }),
  );
  const rootPath = path.join(tmp, "openapi/src/openapi.yaml");
  const root = parse(fs.readFileSync(rootPath, "utf8"));
  root.paths["/api/v1/usage"] = { $ref: "paths/usage.yaml" };
  root.paths["/api/v1/labels"] = { $ref: "paths/labels.yaml" };
  fs.writeFileSync(rootPath, stringify(root));
  addModel(tmp);

  await generateAll(tmp, tmp);
}, 120_000);

afterAll(async () => {
  await prism?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Each entry of the client and models packages (`@monet-ai/models/validate`) mapped to its source
 * in the copy, from package.json's exports and the tsup entry of the same name (the copy holds
 * sources only; these two files are the repository's): a new entry needs no edit here.
 */
function sourceEntries(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ["client", "models"]) {
    const pkgDir = path.join(repoRoot, "packages", dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    const config = fs.readFileSync(path.join(pkgDir, "tsup.config.ts"), "utf8");
    for (const [subpath, target] of Object.entries<{ import?: { default?: string } }>(pkg.exports)) {
      const built = target.import?.default;
      if (!built) continue; // ./package.json
      const name = path.basename(built, ".js");
      const src = config.match(new RegExp(`\\b${name}: "(src/[^"]+)"`))?.[1];
      if (!src) throw new Error(`packages/${dir}/tsup.config.ts has no entry named ${name} (${pkg.name}${subpath.slice(1)})`);
      out[pkg.name + subpath.slice(1)] = path.join(tmp, "packages", dir, src);
    }
  }
  return out;
}

let clientBuild: Promise<any> | undefined;
/** The client built from the copy's sources with esbuild (once; every test that needs it shares it). */
function copiedClient() {
  clientBuild ??= (async () => {
    const bundle = path.join(tmp, "client.mjs");
    await build({
      entryPoints: [path.join(tmp, "packages/client/src/index.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      outfile: bundle,
      alias: sourceEntries(),
      nodePaths: [path.join(repoRoot, "packages/client/node_modules")],
      logLevel: "silent",
    });
    return import(pathToFileURL(bundle).href);
  })();
  return clientBuild;
}

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
          ...Object.fromEntries(Object.entries(sourceEntries()).map(([name, file]) => [name, [file]])),
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
  const { Monet, InputValidationError } = await copiedClient();
  prism ??= await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
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
  const { Monet } = await copiedClient();
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
    // A method fetch cannot even carry (the Node adapter answers it): its Allow is the new table's too.
    const trace = await call(`http://127.0.0.1:${server.address().port}/api/v1/tasks/task_abc123`, "TRACE");
    expect(trace.status).toBe(405);
    expect(String(trace.headers.allow).split(/,\s*/).sort()).toEqual(["DELETE", "GET"]);
  } finally {
    await new Promise((r) => server.close(r));
    await new Promise((r) => old.close(r));
  }
}, 120_000);

/** One request over node:http (a browser's preflight carries Origin, which fetch would not let us set). */
function call(url: string, method: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A module of the copy's mock (its hand-written sources unchanged, its generated table the copy's), bundled with esbuild. */
async function copiedMock(entry: string) {
  const outfile = path.join(tmp, `mock-${path.basename(entry, ".ts")}.mjs`);
  await build({
    entryPoints: [path.join(tmp, "packages/mock/src", entry)],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    alias: sourceEntries(),
    // The copy holds sources only: the mock's dependencies (Ajv) are the repository's.
    nodePaths: [path.join(repoRoot, "packages/mock/node_modules")],
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

const preflight = (method: string) => ({
  origin: "http://page.test",
  "access-control-request-method": method,
  "access-control-request-headers": "authorization",
});
const key = { authorization: "Bearer monet_proof" };

test("the mock built there: a browser's preflight for DELETE on a task is allowed (as its 405's Allow), and the call answers the spec's documented example", async () => {
  const { startMockServer } = await copiedMock("index.ts");
  const mock = await startMockServer({ port: 0 });
  // The repository's own mock (a table without DELETE) refuses it: its preflight lets a page read
  // that refusal, a 405 whose Allow lacks DELETE.
  const { startMockServer: repoMock } = await import("../../packages/mock/src/index.ts");
  const old = await repoMock({ port: 0 });
  const spec = JSON.parse(fs.readFileSync(path.join(tmp, "openapi/dist/openapi.json"), "utf8"));
  const documented = spec.paths["/api/v1/tasks/{taskId}"].delete.responses["200"].content["application/json"].example;
  try {
    const pre = await call(`${mock.url}/api/v1/tasks/task_abc123`, "OPTIONS", preflight("DELETE"));
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-origin"]).toBe("*");
    const allowed = String(pre.headers["access-control-allow-methods"]).split(/,\s*/);
    expect(allowed).toContain("DELETE");
    const put = await call(`${mock.url}/api/v1/tasks/task_abc123`, "PUT", key);
    expect(put.status).toBe(405);
    expect(String(put.headers.allow).split(/,\s*/).sort()).toEqual([...allowed].sort());
    // The call itself, as the browser sends it after the preflight.
    const done = await call(`${mock.url}/api/v1/tasks/task_abc123`, "DELETE", { ...key, origin: "http://page.test" });
    expect(done.status).toBe(200);
    expect(done.headers["access-control-allow-origin"]).toBe("*");
    expect(JSON.parse(done.body)).toEqual(documented);
    // Still the API's rules first: no key, no answer.
    expect((await call(`${mock.url}/api/v1/tasks/task_abc123`, "DELETE")).status).toBe(401);

    const before = await call(`${old.url}/api/v1/tasks/task_abc123`, "DELETE", { ...key, origin: "http://page.test" });
    expect(before.status).toBe(405);
    expect(before.headers["access-control-allow-origin"]).toBe("*");
    expect(String(before.headers.allow).split(/,\s*/)).not.toContain("DELETE");
  } finally {
    await mock.close();
    await old.close();
  }
}, 120_000);

test("the mock built there checks getUsage's query against the new table (enum, bounds; 422 naming the parameter) before its 501, since the spec documents no example", async () => {
  const { startMockServer } = await copiedMock("index.ts");
  const mock = await startMockServer({ port: 0 });
  try {
    const usage = (query: string) => call(`${mock.url}/api/v1/usage${query}`, "GET", key);
    const period = await usage("?period=year");
    expect(period.status).toBe(422);
    expect(JSON.parse(period.body).error).toMatchObject({
      code: "validation_error",
      details: [{ field: "period", message: `period must be one of ${USAGE.period.join(", ")} (got "year")` }],
    });
    const limit = await usage(`?limit=${USAGE.limit.maximum + 1}`);
    expect(limit.status).toBe(422);
    expect(JSON.parse(limit.body).error.details).toEqual([
      { field: "limit", message: `limit must be a whole number from ${USAGE.limit.minimum} to ${USAGE.limit.maximum} (got "${USAGE.limit.maximum + 1}")` },
    ]);
    const fine = await usage(`?period=${USAGE.period[1]}&limit=${USAGE.limit.maximum}`);
    expect(fine.status).toBe(501);
    expect(JSON.parse(fine.body).error).toMatchObject({ code: "not_implemented" });
    expect(JSON.parse(fine.body).error.message).toContain("getUsage");
    const pre = await call(`${mock.url}/api/v1/usage`, "OPTIONS", preflight("GET"));
    expect(String(pre.headers["access-control-allow-methods"]).split(/,\s*/).sort()).toEqual(["GET", "HEAD", "OPTIONS"]);
  } finally {
    await mock.close();
  }
}, 120_000);

test("the mock built there checks createLabel's JSON body against the spec's schema (422 naming each field, 400 when not JSON) before its documented example", async () => {
  const { startMockServer } = await copiedMock("index.ts");
  const mock = await startMockServer({ port: 0 });
  try {
    const label = (body: string) => call(`${mock.url}/api/v1/labels`, "POST", { ...key, "content-type": "application/json" }, body);
    const bad = await label(JSON.stringify({ name: "", colour: "red", color: "pink" }));
    expect(bad.status).toBe(422);
    const { error } = JSON.parse(bad.body);
    expect(error.code).toBe("validation_error");
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: "colour", message: "colour is not a field of this request" },
        { field: "name", message: 'name must NOT have fewer than 1 characters (got "")' },
        { field: "color", message: `color must be one of ${LABEL.properties.color.enum.join(", ")} (got "pink")` },
      ]),
    );
    expect((await label(JSON.stringify({ color: "red" }))).body).toContain("name is required");
    expect((await label("{not json")).status).toBe(400);
    expect((await label("")).status).toBe(400);
    const fine = await label(JSON.stringify({ name: "favourites" }));
    expect(fine.status).toBe(200);
    expect(JSON.parse(fine.body)).toEqual(LABEL_EXAMPLE);
  } finally {
    await mock.close();
  }
}, 120_000);

test("the mock built there ends a task stream on cancelled, the copy's new final status, with a cancelled event (never a progress)", async () => {
  const { streamTask } = await copiedMock("stream.ts");
  let reads = 0;
  // A task that is pending when the stream starts and cancelled from then on.
  const tasks = {
    view: () => ({ id: "task_c", type: "video", created_at: "2026-02-27T10:00:00Z", status: reads++ === 0 ? "pending" : "cancelled" }),
    // Nothing advances this task by hand: only the stream's own ticks read it.
    watch: () => () => {},
    // No progress is skipped, so no step between to send.
    stepsBetween: () => [],
  };
  const server = http.createServer((_req, res) => streamTask(res, tasks, {}, "http://127.0.0.1", 200));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const events = await new Promise<string[]>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, (res) => {
          let text = "";
          const names = () => [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
          res.setEncoding("utf8");
          res.on("data", (c) => {
            text += c;
            // A stream that does not end on it would stay open: stop at its second event.
            if (names().length >= 2 && names()[1] !== ADDED.status) {
              res.destroy();
              resolve(names());
            }
          });
          res.on("end", () => resolve(names()));
        })
        .on("error", reject);
    });
    expect(events).toEqual(["created", ADDED.status]);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}, 120_000);

test("the proxy README's Next.js mount exports a handler for every method of the copy's table (DELETE included)", () => {
  const readme = fs.readFileSync(path.join(repoRoot, "packages/proxy/README.md"), "utf8");
  const next = readme.match(/```ts\n\/\/ Next\.js[^\n]*\n([\s\S]*?)```/)?.[1];
  expect(next, "the README has a Next.js block").toBeDefined();
  const exported = new Set([...next!.matchAll(/\bexport const (\w+)\b|\bproxy as (\w+)\b/g)].map((m) => m[1] ?? m[2]));
  const spec = JSON.parse(fs.readFileSync(path.join(tmp, "openapi/dist/openapi.json"), "utf8"));
  const methods = new Set(Object.values(spec.paths as Record<string, object>).flatMap((item) => Object.keys(item).map((m) => m.toUpperCase())));
  expect(methods).toContain("DELETE");
  for (const m of [...methods, "OPTIONS"]) expect(exported, `the Next.js mount exports ${m}`).toContain(m);
});

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
  const built = await copiedClient();
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

const toolBuilds = new Map<string, Promise<void>>();
/** esbuild, resolving the workspace packages to the sources in the temporary copy (each outfile once). */
function buildTool(entry: string, outfile: string) {
  if (!toolBuilds.has(outfile)) toolBuilds.set(outfile, bundleTool(entry, outfile));
  return toolBuilds.get(outfile)!;
}

/** A package's built entries by import name (every subpath of its `exports` with an ESM build), from its package.json. */
function builtEntries(pkg: string): Record<string, string> {
  const dir = path.join(repoRoot, "packages", pkg);
  const { name, exports } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(exports as Record<string, { import?: { default?: string } }>)
      .filter(([, e]) => e.import?.default?.endsWith(".js"))
      .map(([sub, e]) => [name + sub.slice(1), path.join(dir, e.import?.default ?? "")]),
  );
}

async function bundleTool(entry: string, outfile: string) {
  const src = (p: string) => path.join(tmp, "packages", p);
  await build({
    entryPoints: [src(entry)],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    alias: {
      ...sourceEntries(),
      ...builtEntries("pipeline"),
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

// ---- The same copy, adding a model: no hand-written file changes, and every layer knows it. ----

const validInput = modelSchema.examples[0];
const tooMany = { ...validInput, num_images: 9 };

test("the catalog built there lists the new model with its type, metadata and fields (bounds and enum as the spec copy says)", async () => {
  const catalog = path.join(tmp, "models.mjs");
  await buildTool("models/src/index.ts", catalog);
  const { getModel, listModels, validateInput } = await import(pathToFileURL(catalog).href);
  const m = getModel(MODEL.type, MODEL.id);
  expect(m).toMatchObject({ id: MODEL.id, type: MODEL.type, name: MODEL.name, provider: MODEL.provider, family: "Flux", example: validInput });
  expect(m.features).toContain("aspect-ratio");
  const p = modelSchema.properties;
  expect(m.fields).toMatchObject([
    { name: "prompt", kind: "string", required: true, description: p.prompt.description, minLength: 1 },
    { name: "aspect_ratio", kind: "enum", required: false, enum: ASPECT_RATIOS },
    { name: "num_images", kind: "integer", required: false, default: 1, ...NUM_IMAGES },
  ]);
  expect(listModels({ type: MODEL.type }).map((x: { id: string }) => x.id)).toContain(MODEL.id);
  expect(listModels({ provider: MODEL.provider }).map((x: { id: string }) => x.id)).toContain(MODEL.id);
  // Its validation rules came along: the bound and the enum, named by field.
  expect(validateInput(MODEL.type, validInput)).toEqual([]);
  expect(
    validateInput(MODEL.type, { ...validInput, num_images: 0, aspect_ratio: "2:1" })
      .map((i: { path: string }) => i.path)
      .sort(),
  ).toEqual(["aspect_ratio", "num_images"]);
  // The repository's own catalog does not know it: the copy's generation is what added it.
  const repo = await import("../../packages/models/src/index.ts");
  expect(repo.getModel(MODEL.type, MODEL.id)).toBeUndefined();
}, 120_000);

/** A loopback API that counts what reaches it and answers every create with a pending task. */
async function countingApi() {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      bodies.push(body ? JSON.parse(body) : undefined);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: "task_counted", status: "pending", type: "image", created_at: "2026-02-27T10:00:00Z" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies, close: () => new Promise((r) => server.close(r)) };
}

test("the client built there accepts a valid input of the new model and refuses num_images: 9 before any request, naming input.num_images and its bound", async () => {
  const { Monet, InputValidationError } = await copiedClient();
  const api = await countingApi();
  try {
    const monet = new Monet({ apiKey: "monet_proof", baseUrl: api.url, maxRetries: 0 });
    const refused = await monet.tasks.create({ type: MODEL.type, input: tooMany }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputValidationError);
    expect(refused.issues).toEqual([expect.objectContaining({ path: "input.num_images", allowed: `<= ${NUM_IMAGES.maximum}`, received: 9 })]);
    expect(refused.message).toContain(`input.num_images must be at most ${NUM_IMAGES.maximum} (got 9)`);
    const low = await monet.tasks.create({ type: MODEL.type, input: { ...validInput, num_images: 0 } }).catch((e: unknown) => e);
    expect(low.message).toContain(`input.num_images must be at least ${NUM_IMAGES.minimum} (got 0)`);
    const ratio = await monet.tasks.create({ type: MODEL.type, input: { ...validInput, aspect_ratio: "2:1" } }).catch((e: unknown) => e);
    expect(ratio.message).toContain(`input.aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}`);
    expect(api.bodies).toEqual([]);

    // A valid input goes out once, as given.
    expect((await monet.tasks.create({ type: MODEL.type, input: validInput })).id).toBe("task_counted");
    expect(api.bodies).toEqual([expect.objectContaining({ type: MODEL.type, input: validInput })]);

    // The repository's own client does not know the model: it forwards it unchecked (forward
    // compatible), so the refusal above is the copy's generated rules at work.
    const { Monet: RepoMonet } = await import("../../packages/client/src/index.ts");
    await new RepoMonet({ apiKey: "monet_proof", baseUrl: api.url, maxRetries: 0 }).tasks.create({ type: MODEL.type, input: tooMany } as never);
    expect(api.bodies).toHaveLength(2);
  } finally {
    await api.close();
  }
}, 120_000);

test("the client built there creates a task with the new model on Prism started on the copy's spec; Prism refuses num_images: 9 sent unchecked with 422", async () => {
  const { Monet } = await copiedClient();
  prism ??= await startPrism("mock", undefined, path.join(tmp, "openapi/dist/openapi.yaml"));
  const responses: Response[] = [];
  const options = {
    apiKey: "monet_proof",
    baseUrl: prism.url,
    maxRetries: 0,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetch(input, init);
      responses.push(res.clone());
      return res;
    },
  };
  const monet = new Monet(options);
  const task = await monet.tasks.create({ type: MODEL.type, input: validInput });
  expect(task.id).toBeTruthy();
  expect(responses.at(-1)!.headers.get("sl-violations")).toBeNull();
  // The highest allowed value passes Prism's check of the new schema; one past it does not. (The
  // two bodies differ in num_images alone: Prism's violations header is cut at 8 kB before it
  // reaches this model, the last of 20 image branches, so the pair is the proof, not the header.)
  await monet.tasks.create({ type: MODEL.type, input: { ...validInput, num_images: NUM_IMAGES.maximum } });
  expect(responses.at(-1)!.status).toBe(200);
  const unchecked = new Monet({ ...options, validateInputs: false });
  const refused = await unchecked.tasks.create({ type: MODEL.type, input: tooMany }).catch((e: unknown) => e);
  expect(refused.status).toBe(422);
  expect(responses.at(-1)!.status).toBe(422);
  expect(responses).toHaveLength(3);
}, 120_000);

/** The MCP server built from the copy, over stdio, talking to `baseUrl`. */
async function copiedMcp(baseUrl: string) {
  const server = path.join(tmp, "packages/mcp/dist/index.mjs");
  await buildTool("mcp/src/index.ts", server);
  const client = new Client({ name: "proof", version: "0" });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONET_"))) as Record<string, string>;
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [server],
      env: { ...env, MONET_API_KEY: "monet_proof", MONET_BASE_URL: baseUrl },
      stderr: "pipe",
    }),
  );
  return client;
}

test("the MCP server built there offers the new model in create_image_task's input schema, its schema (with its bound) in describe_model, and in list_models", async () => {
  const api = await countingApi();
  const client = await copiedMcp(api.url);
  try {
    const { tools } = await client.listTools();
    const create: any = tools.find((t) => t.name === `create_${MODEL.type}_task`);
    expect(create, tools.map((t) => t.name).join()).toBeDefined();
    expect(create.inputSchema.properties.input.properties.model.enum).toContain(MODEL.id);
    // The model's own schema is one describe_model away (the MCP README, "Token cost").
    const described: any = await client.callTool({ name: "describe_model", arguments: { model: MODEL.id, type: MODEL.type } });
    expect(described.isError, JSON.stringify(described)).toBeFalsy();
    const branch = described.structuredContent.models[0].inputSchema;
    expect(branch.properties.num_images).toMatchObject({ type: "integer", ...NUM_IMAGES });
    expect(branch.properties.aspect_ratio.enum).toEqual(ASPECT_RATIOS);
    expect(branch.required).toEqual(["model", "prompt"]);
    expect(create.description).toContain(MODEL.id);
    const listed: any = await client.callTool({ name: "list_models", arguments: { type: MODEL.type } });
    expect(listed.structuredContent.models.map((m: { id: string }) => m.id)).toContain(MODEL.id);
    // An agent's out-of-bound input is refused by the tool, naming the field; nothing is sent.
    const bad: any = await client.callTool({ name: create.name, arguments: { input: tooMany, wait: false } });
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toContain("input.num_images must be at most 4");
    expect(api.bodies).toEqual([]);
    const made: any = await client.callTool({ name: create.name, arguments: { input: validInput, wait: false } });
    expect(made.isError, JSON.stringify(made)).toBeFalsy();
    expect(api.bodies).toEqual([expect.objectContaining({ type: MODEL.type, input: validInput })]);
  } finally {
    await client.close();
    await api.close();
  }
}, 120_000);

test("the CLI built there lists the new model (monet models), shows its flags and bound, and refuses --num-images 9 before sending", async () => {
  const cli = path.join(tmp, "packages/cli/dist/cli.mjs");
  await buildTool("cli/src/cli.ts", cli);
  const api = await countingApi();
  // spawn (not spawnSync): the loopback API runs in this process and must answer while the CLI waits.
  const run = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, MONET_API_KEY: "monet_proof", MONET_BASE_URL: api.url } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => {
        stdout += c;
      });
      child.stderr.on("data", (c) => {
        stderr += c;
      });
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  try {
    const list = await run(["models", "--type", MODEL.type]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${MODEL.id}\\s+${MODEL.type}\\s+${MODEL.name}\\s+${MODEL.provider}`, "m"));
    const show = await run(["models", "show", MODEL.id]);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/--num-images\s+integer\s+1-4\s+1/);
    expect(show.stdout).toContain(ASPECT_RATIOS.join(" | "));
    const bad = await run(["generate", MODEL.type, "--model", MODEL.id, "--prompt", "a lighthouse", "--num-images", "9", "--no-wait"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("input.num_images must be at most 4");
    expect(api.bodies).toEqual([]);
    const ok = await run(["generate", MODEL.type, "--model", MODEL.id, "--prompt", "a lighthouse", "--num-images", "3", "--aspect-ratio", "16:9", "--no-wait"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("task_counted");
    expect(api.bodies).toEqual([
      expect.objectContaining({ type: MODEL.type, input: { model: MODEL.id, prompt: "a lighthouse", num_images: 3, aspect_ratio: "16:9" } }),
    ]);
  } finally {
    await api.close();
  }
}, 120_000);

test("the docs built there from the copy (its spec, its generated model guide) present the new model", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(tmp, "openapi/dist/openapi.json"), "utf8"));
  const doc = decorate(spec, path.join(tmp, "docs"));
  const guide = doc.tags.find((t: { name: string }) => t.name === "Image models");
  expect(guide.description).toContain(MODEL.id);
  expect(guide.description).toContain(MODEL.name);
  expect(guide.description).toContain(modelSchema["x-monet-model"].tagline);
  // The site itself, built by Redocly into the copy.
  const site = buildDocs(tmp);
  expect(site.startsWith(tmp)).toBe(true);
  const html = fs.readFileSync(path.join(site, "index.html"), "utf8");
  expect(html).toContain(MODEL.id);
  expect(html).toContain(modelSchema["x-monet-model"].tagline);
}, 120_000);

/** Whether a file says on its first line that a generator wrote it (ours, or hey-api's types). */
const isGenerated = (file: string) => {
  const first = fs.readFileSync(file, "utf8").split("\n", 1)[0];
  return first.includes(GENERATED_NOTE) || first.includes("auto-generated by @hey-api/openapi-ts");
};
const handWritten = (root: string) =>
  packages.flatMap((p) =>
    fs
      .readdirSync(path.join(root, "packages", p, "src"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .filter((f) => !isGenerated(path.join(root, f))),
  );

test("no hand-written file of the copy changed: every non-generated file under packages/*/src is the repository's, byte for byte", () => {
  const copied = handWritten(tmp).sort();
  expect(copied).toEqual(handWritten(repoRoot).sort());
  expect(copied.length).toBeGreaterThan(50);
  const changed = copied.filter((f) => !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(repoRoot, f))));
  expect(changed).toEqual([]);
  // ...while the generated files did take the model in.
  expect(fs.readFileSync(path.join(tmp, "packages/models/src/generated/catalog.ts"), "utf8")).toContain(`"id\\":\\"${MODEL.id}\\"`);
});

test("nothing outside the temporary copy was written", () => {
  expect(gitStatus()).toBe(before);
});
