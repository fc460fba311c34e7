// Clients generated from the bundled spec by tools no one here wrote: each generates, compiles
// with `tsc --strict`, catches misuse at compile time (the `@ts-expect-error` lines in fixtures/,
// which fail the compile when a misuse is NOT caught) and types the upload as a Blob; the zod
// output also loads and validates at run time; and each client, called as the guide says, does
// every operation against the mock and Prism. Generation runs in parallel into a temp dir.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../../packages/mock/src/index.js";
import { type Prism, startPrism } from "../support/prism.ts";
import { errorFields, schemas as specSchemas, validator } from "../support/spec.ts";
import { generators, here, repoRoot } from "./generators.ts";
import { clients } from "./run-time-calls.ts";

interface Run {
  code: number | null;
  output: string;
}

function run(argv: string[], cwd: string, timeoutMs = 300_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      argv[0],
      argv.slice(1),
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
        resolve({ code, output: `${stdout}\n${stderr}`.trim() });
      },
    );
  });
}

let out: string;
const generated = new Map<string, Run>();

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "monet-interop-"));
  // The generated code imports openapi-fetch, zod, @zodios/core, @kubb/plugin-client...: the
  // test package's own dependencies.
  fs.symlinkSync(path.join(here, "node_modules"), path.join(out, "node_modules"), "dir");
  // The checks import the generated code: compiled here, not by the repository-wide type-check.
  fs.cpSync(path.join(here, "fixtures"), path.join(out, "checks"), { recursive: true });
  for (const d of ["openapi-typescript", "orval", "openapi-zod-client", "swagger-typescript-api"]) fs.mkdirSync(path.join(out, d));
  const results = await Promise.all(generators.map((g) => run(g.command(out), g.cwd(out))));
  for (const [i, g] of generators.entries()) generated.set(g.name, results[i]);
}, 600_000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe.each(generators.map((g) => g.name))("%s", (name) => {
  test("generates a client from openapi/dist/openapi.json", () => {
    const r = generated.get(name);
    expect(r?.code, r?.output).toBe(0);
  });
});

test("every generated file is plain text: no control character a tool copied from the spec", () => {
  // hey-api writes a pattern's \u escapes into its zod schemas as the characters themselves: the
  // file then diffs, greps and reads as binary. The spec writes them as \x escapes.
  const files = fs
    .readdirSync(out, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split(path.sep).includes("node_modules") && /\.(ts|js|mjs|json)$/.test(f));
  expect(files.length).toBeGreaterThan(5);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
  const binary = files.filter((f) => /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(fs.readFileSync(path.join(out, f), "utf8")));
  expect(binary).toEqual([]);
});

test("every generated client compiles with tsc --strict, catches misuse and types the upload as a Blob", async () => {
  fs.writeFileSync(
    path.join(out, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "es2022",
        module: "esnext",
        moduleResolution: "bundler",
        allowImportingTsExtensions: true,
        lib: ["es2022", "dom", "dom.iterable"],
        types: [],
        skipLibCheck: true,
      },
      include: ["**/*.ts"],
    }),
  );
  const tsc = await run([process.execPath, path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", out, "--pretty", "false"], out);
  // Every tool's output and every check file is part of the one program.
  expect(fs.readdirSync(path.join(out, "checks")).sort()).toEqual([
    "hey-api.ts",
    "kubb.ts",
    "openapi-typescript.ts",
    "openapi-zod-client.ts",
    "orval.ts",
    "swagger-typescript-api.ts",
  ]);
  expect(tsc.code, tsc.output.split(`${out}/`).join("")).toBe(0);
}, 300_000);

test("the zod client loads at run time and its schemas judge bodies as the spec does", async () => {
  const { schemas, api } = await import(path.join(out, "openapi-zod-client/api.ts"));
  expect(typeof api.createTask).toBe("function");
  const body = { type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 }, idempotency_key: "k1" };
  expect(schemas.CreateTaskRequest.safeParse(body).success).toBe(true);
  expect(schemas.CreateTaskRequest.safeParse({ ...body, input: { ...body.input, duration: 5 } }).success).toBe(false);
  expect(schemas.CreateTaskRequest.safeParse({ type: body.type, input: body.input }).success).toBe(false);
  expect(schemas.CreateTaskRequest.safeParse({ ...body, input: { model: "flux-2-dev", prompt: "a cat" } }).success).toBe(false);
  expect(schemas.TaskStreamEvent.safeParse({ event: "error", error: { code: "unavailable", message: "gone" } }).success).toBe(true);
}, 120_000);

// TaskStatus's own text: "treat a value you do not know as not final, since new states may be
// added". A validating client must therefore accept a task whose status it does not know.
test("the zod schemas accept a task status newer than the spec, and still reject a non-string", async () => {
  const task = { ...specSchemas.Task.examples[0], status: "queued" };
  const { schemas } = await import(path.join(out, "openapi-zod-client/api.ts"));
  const hey = await import(path.join(out, "hey-api/zod.gen.ts"));
  for (const [tool, schema] of [
    ["openapi-zod-client", schemas.Task],
    ["hey-api", hey.zTask],
  ]) {
    expect(schema.safeParse(task).success, tool).toBe(true);
    expect(schema.safeParse({ ...task, outputs: [{ model: "sora-2", status: "queued" }] }).success, tool).toBe(true);
    expect(schema.safeParse({ ...task, status: 42 }).success, tool).toBe(false);
  }
}, 120_000);

function expectValid(schemaName: string, body: unknown) {
  const v = validator(schemaName);
  expect(v(body) ? [] : errorFields(v.errors), JSON.stringify(body)?.slice(0, 300)).toEqual([]);
}

/** A tool that throws its failed Response (swagger-typescript-api) fails the test with its status and body. */
async function readable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof Response) throw new Error(`HTTP ${e.status}: ${(await e.text()).slice(0, 300)}`);
    throw e;
  }
}

describe("each generated client, called as the guide says, does every operation at run time", () => {
  const servers: Record<string, string> = {};
  let mock: MockServer | undefined;
  let prism: Prism | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, taskDuration: 300 });
    prism = await startPrism();
    Object.assign(servers, { mock: mock.url, Prism: prism.url });
  }, 120_000);
  afterAll(async () => {
    await prism?.close();
    await mock?.close();
  });

  describe.each(Object.keys(clients))("%s", (tool) => {
    test.each(["mock", "Prism"])(
      "against %s: create, get, list, upload and stream answer what the spec says",
      async (server) => {
        const run = `${server}-${Date.now()}`;
        const r = await readable(clients[tool](out, servers[server], run));
        expectValid("Task", r.created);
        expectValid("Task", r.got);
        expectValid("TaskList", r.listed);
        expectValid("UploadedFile", r.uploaded);
        if (server === "mock") {
          expect(r.got.id).toBe(r.created.id);
          expect(r.listed.tasks.map((t: { id: string }) => t.id)).toContain(r.created.id);
        }
        if (tool === "kubb") {
          // The guide: kubb's createTaskStream throws (its fetch client reads every answer as JSON).
          expect(r.events).toBeInstanceOf(Error);
          return;
        }
        const events = r.events as { event: string }[];
        for (const e of events) expectValid("TaskStreamEvent", e);
        expect(events.map((e) => e.event)).toContain("created");
        expect(events.at(-1)?.event).toBe("success");
      },
      120_000,
    );
  });
});
