// The published packages as users get them: packed tarballs that pass publint and
// arethetypeswrong, installed into a fresh project, working in Node ESM and CJS, TypeScript
// (node10, node16 and bundler resolution), a browser bundle, Bun and Deno, on every Node line the
// packages promise (20, 22 and 24, each fetched from the npm registry as the `node` package).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nodeBinary, supportedNodes } from "../../scripts/node.mjs";
import { repoRoot } from "../support/seed.ts";

const published = fs
  .readdirSync(path.join(repoRoot, "packages"))
  .map((d) => ({ dir: path.join(repoRoot, "packages", d), pkg: JSON.parse(fs.readFileSync(path.join(repoRoot, "packages", d, "package.json"), "utf8")) }))
  .filter((p) => !p.pkg.private);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "monet-release-"));
const tarballs: Record<string, string> = {};
const app = path.join(work, "app");
const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);

beforeAll(() => {
  for (const p of published) {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", work], { cwd: p.dir, encoding: "utf8" });
    tarballs[p.pkg.name] = path.join(work, path.basename(out.trim().split("\n").at(-1)!));
  }
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "smoke-app", private: true, version: "0.0.0" }));
  // All tarballs at once, so our packages' dependencies on each other resolve to them.
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...Object.values(tarballs), "bun@1.4.5", "deno@2.9.6"], {
    cwd: app,
    stdio: "pipe",
  });
}, 240_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(published.map((p) => p.pkg.name))("%s", (name) => {
  test("publint finds nothing", () => {
    const out = execFileSync(bin("publint"), [tarballs[name]], { encoding: "utf8" });
    expect(out).toContain("All good!");
  });
  test("arethetypeswrong finds no problem (node10, node16 and bundler resolution)", () => {
    // node10 reads no `exports`: each subpath's types are found through `typesVersions`.
    const r = spawnSync(bin("attw"), [tarballs[name], "--format", "table"], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const problems = r.stdout.split("\n").filter((l) => l.includes("arethetypeswrong.github.io") && !l.startsWith("(ignored per resolution)"));
    expect(problems).toEqual([]);
  });
  test("the tarball holds dist, bin shims, README, LICENSE and package.json only", () => {
    const files = execFileSync("tar", ["-tzf", tarballs[name]], { encoding: "utf8" }).trim().split("\n");
    // MIT's notice goes with every copy.
    expect(files).toContain("package/LICENSE");
    expect(
      files.every((f) => /^package\/(dist\/|bin\/[\w-]+\.js$|README\.md$|package\.json$|LICENSE$)/.test(f)),
      files.join("\n"),
    ).toBe(true);
  });
});

const program = (imports: string) => `${imports}
const mock = await startMockServer({ port: 0, taskDuration: 200 });
const monet = new Monet({ apiKey: "monet_smoke", baseUrl: mock.url });
const example = getModel("image", "flux-2-dev").example;
const task = await monet.tasks.run({ type: "image", input: example }, { pollInterval: 50 });
const events = [];
for await (const e of monet.tasks.stream({ type: "music", input: { model: "minimax-music", prompt: "smoke" } })) events.push(e.event);
// The client refuses with the models package's own classes: one class each, across packages and entries.
const refused = await monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => e);
const oneClass = refused instanceof InputValidationError && refused instanceof MonetError;
console.log(JSON.stringify({ status: task.status, last: events.at(-1), oneClass }));
await mock.close();`;

function runIn(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: app, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

// The programs are written once; each Node line then runs them.
beforeAll(() => {
  fs.writeFileSync(
    path.join(app, "esm.mjs"),
    program(
      `import { Monet } from "@monet-ai/client";\nimport { getModel, InputValidationError, MonetError } from "@monet-ai/models";\nimport { startMockServer } from "@monet-ai/mock";`,
    ),
  );
  const body = program(
    `const { Monet } = require("@monet-ai/client");\nconst { getModel, InputValidationError, MonetError } = require("@monet-ai/models");\nconst { startMockServer } = require("@monet-ai/mock");`,
  );
  const [requires, ...rest] = [body.split("\n").slice(0, 3).join("\n"), body.split("\n").slice(3).join("\n")];
  fs.writeFileSync(path.join(app, "cjs.cjs"), `${requires}\n(async () => {\n${rest.join("")}\n})();`);
  fs.copyFileSync(path.join(import.meta.dirname, "cjs-without-import.cjs"), path.join(app, "cjs-without-import.cjs"));
});

// Jest's default (CommonJS) runtime refuses every import(): the CommonJS build has none left, and
// its validator is the CommonJS copy of @monet-ai/models, not the ESM one beside it.
test("the client's CommonJS build has no import() left", () => {
  const dist = path.join(app, "node_modules/@monet-ai/client/dist");
  const cjs = fs.readdirSync(dist).filter((f) => f.endsWith(".cjs"));
  expect(cjs).toContain("index.cjs");
  for (const f of cjs) {
    const code = fs.readFileSync(path.join(dist, f), "utf8");
    expect(code, f).not.toMatch(/\bimport\(/);
    // Plain require("…"), not esbuild's shim that bundlers cannot follow.
    expect(code, f).not.toContain("Dynamic require of");
  }
});

describe.each(Object.values(supportedNodes))("Node %s", (version) => {
  let node: string;
  beforeAll(() => {
    node = nodeBinary(version);
  }, 180_000);
  test("ESM", () => {
    expect(runIn(node, ["esm.mjs"])).toEqual({ status: "success", last: "success", oneClass: true });
  }, 90_000);
  test("CommonJS (require)", () => {
    expect(runIn(node, ["cjs.cjs"])).toEqual({ status: "success", last: "success", oneClass: true });
  }, 90_000);
  test("CommonJS compiled by node:vm without dynamic import (Jest's runtime): create, list, validation", () => {
    expect(runIn(node, ["cjs-without-import.cjs"])).toEqual({ created: true, listed: true, refused: true, validator: ["@monet-ai/models/dist/validate.cjs"] });
  }, 90_000);
});

test("Bun", () => {
  expect(runIn(path.join(app, "node_modules/.bin/bun"), ["esm.mjs"])).toEqual({ status: "success", last: "success", oneClass: true });
});

test("Deno", () => {
  expect(runIn(path.join(app, "node_modules/.bin/deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "esm.mjs"])).toEqual({
    status: "success",
    last: "success",
    oneClass: true,
  });
});

test.each(["node16", "bundler"])(
  "TypeScript strict, moduleResolution %s: typed, and a bad input is a compile error",
  (resolution) => {
    const dir = path.join(app, `ts-${resolution}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: resolution === "node16" ? "node16" : "esnext",
          moduleResolution: resolution,
          target: "es2022",
          lib: ["es2022", "dom"],
          types: [],
        },
        include: ["*.ts"],
      }),
    );
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      `import { Monet, type Task, InputValidationError } from "@monet-ai/client";
import { validateInput } from "@monet-ai/models/validate";
import type { InputOf } from "@monet-ai/models";
const monet = new Monet({ apiKey: "monet_x" });
const input: InputOf<"sora-2"> = { model: "sora-2", prompt: "x", duration: 10 };
export const t: Promise<Task> = monet.tasks.create({ type: "video", input });
export const issues = validateInput("video", input);
export const isErr = (e: unknown) => e instanceof InputValidationError;
// @ts-expect-error 5 is not a sora-2 duration
export const bad = monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } });
`,
    );
    const r = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
  },
  180_000,
); // a whole tsc run: on a loaded 2-core machine, well over 20 s

// moduleResolution "node" (node10) is what `"module": "commonjs"` alone meant before TypeScript 6
// (NestJS and older templates still set it). It reads no `exports`, so every subpath, ours and
// the ones our .d.ts files import from each other (@monet-ai/models/spec, /errors), is found only
// through `typesVersions`. Without them each such import failed, and with skipLibCheck the main
// entry's types silently became `any`; here each @ts-expect-error fails the run if a type is lost.
test("TypeScript strict, moduleResolution node (node10) and CommonJS, no skipLibCheck: every subpath typed", () => {
  const dir = path.join(app, "ts-node10");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: "commonjs",
        moduleResolution: "node",
        ignoreDeprecations: "6.0",
        resolveJsonModule: true,
        esModuleInterop: true,
        target: "es2022",
        lib: ["es2022", "dom"],
        types: [],
      },
      include: ["*.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    `import { Monet, NotFoundError, type Task } from "@monet-ai/client";
import { fileFromPath, saveOutputs } from "@monet-ai/client/node";
import { outputs } from "@monet-ai/client/outputs";
import { KEYS_URL, operations } from "@monet-ai/client/operations";
import { getModel, type InputOf } from "@monet-ai/models";
import { MonetError } from "@monet-ai/models/errors";
import { validateInput } from "@monet-ai/models/validate";
import { inputSchemas } from "@monet-ai/models/schemas";
import type { TaskStatus } from "@monet-ai/models/spec";
import { startMockServer } from "@monet-ai/mock";
import { dryRun } from "@monet-ai/pipeline";
import pipelineSchema from "@monet-ai/pipeline/schema.json";

const monet = new Monet({ apiKey: "monet_x" });
const input: InputOf<"sora-2"> = { model: "sora-2", prompt: "x", duration: 10 };
export const created: Promise<Task> = monet.tasks.create({ type: "video", input });
// @ts-expect-error 5 is not a sora-2 duration
export const bad = monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } });
export const status = (e: unknown): number | undefined => (e instanceof NotFoundError ? e.status : undefined);
// The client's errors are the models package's classes, whichever entry names them.
export const oneClass = (e: NotFoundError): MonetError => e;
// @ts-expect-error NotFoundError has no such field
export const nonsense = (e: NotFoundError) => e.whatever;
export async function use(task: Task) {
  const state: TaskStatus = task.status;
  // @ts-expect-error a status is a string
  const n: number = task.status;
  const file: File = await fileFromPath("in.png");
  // @ts-expect-error a path is a string
  await fileFromPath(42);
  const saved = await saveOutputs(task, { dir: "out" });
  const urls: string[] = outputs(task).map((o) => o.url);
  // @ts-expect-error a URL is a string
  const url: number = outputs(task)[0]!.url;
  return { state, n, file, saved, urls, url };
}
export const keys: "https://monet.vision/skills/keys" = KEYS_URL;
// @ts-expect-error createTask is a POST
export const method: "GET" = operations.createTask.method;
export const title: string | undefined = getModel("video", "sora-2")?.name;
export const issues: { path: string; message: string }[] = validateInput("video", input);
// @ts-expect-error a message is a string
export const message: number = new MonetError("x").message;
export const schemaTitle: "Sora 2 (video input)" = inputSchemas.video["sora-2"].title;
// A status newer than this SDK is a status too (the spec's TaskStatus is open); a number is not.
export const newerStatus: TaskStatus = "queued";
// @ts-expect-error not a status
export const notAStatus: TaskStatus = 42;
export const mock: Promise<{ url: string }> = startMockServer({ port: 0 });
export const plan = dryRun("steps: []");
export const pipelineTitle: string = pipelineSchema.title;
`,
  );
  const r = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
}, 180_000);

// MCP clients show serverInfo.version and users quote it in bug reports: it is the installed
// package's version, so the release's version bump (changeset version) reaches it.
async function mcpServerVersion(appDir: string): Promise<string | undefined> {
  const client = new Client({ name: "release-test", version: "1.0.0" });
  const bin = path.join(appDir, "node_modules/@monet-ai/mcp/dist/index.js");
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin], env: { PATH: process.env.PATH ?? "" }, stderr: "ignore" }));
  try {
    return client.getServerVersion()?.version;
  } finally {
    await client.close();
  }
}

test("the MCP server announces its package.json version, also after a release bumps it", async () => {
  const manifest = path.join(app, "node_modules/@monet-ai/mcp/package.json");
  const original = fs.readFileSync(manifest, "utf8");
  expect(await mcpServerVersion(app)).toBe(JSON.parse(original).version);
  try {
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(original), version: "0.7.3" }));
    expect(await mcpServerVersion(app)).toBe("0.7.3");
  } finally {
    fs.writeFileSync(manifest, original);
  }
}, 60_000);

// yaml's `node` build is CommonJS and calls require("process"): a Node ESM bundle of the pipeline
// needs the createRequire banner its README gives (measured there: bundling yaml ourselves costs 201 kB).
test("the pipeline bundled for Node as ESM (esbuild) with its README's banner runs", async () => {
  const readme = fs.readFileSync(path.join(repoRoot, "packages/pipeline/README.md"), "utf8");
  const banner = /--banner:js="([^"]+)"/.exec(readme)?.[1];
  expect(banner).toBe("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);");
  fs.writeFileSync(path.join(app, "pipeline-app.mjs"), `import { dryRun } from "@monet-ai/pipeline";\nconsole.log(JSON.stringify({ dryRun: typeof dryRun }));`);
  const outfile = path.join(app, "pipeline-bundle.mjs");
  await build({
    entryPoints: [path.join(app, "pipeline-app.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    banner: { js: banner! },
    logLevel: "silent",
  });
  const r = spawnSync(process.execPath, [outfile], { cwd: app, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(JSON.parse(r.stdout.trim())).toEqual({ dryRun: "function" });
});

test("a browser bundle (esbuild) builds with no Node built-in", async () => {
  fs.writeFileSync(
    path.join(app, "browser.js"),
    `import { Monet } from "@monet-ai/client";\nexport const monet = new Monet({ baseUrl: "/api/monet", apiKey: null });`,
  );
  const r = await build({
    entryPoints: [path.join(app, "browser.js")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    absWorkingDir: app,
    logLevel: "silent",
    metafile: true,
  });
  const inputs = Object.keys(r.metafile.inputs);
  expect(inputs.some((i) => i.includes("@monet-ai/client"))).toBe(true);
  expect(inputs.filter((i) => i.startsWith("node:") || /\bnode_modules\/(undici|node-fetch)\b/.test(i))).toEqual([]);
});

test("pnpm release, dry run: every published package would be published, nothing private", () => {
  const r = spawnSync("pnpm", ["-r", "publish", "--dry-run", "--no-git-checks"], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = r.stdout + r.stderr;
  for (const p of published) expect(out).toContain(`${p.pkg.name}@${p.pkg.version}`);
  for (const name of ["@monet-ai/bench", "@monet-ai/docs", "monet-ai-sdk"]) expect(out).not.toContain(`+ ${name}@`);
}, 150_000);
