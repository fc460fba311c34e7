// Every code sample of the guides type-checks against the packages and runs against the mock,
// so the docs cannot drift from the code.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const docs = path.join(repoRoot, "docs");
const examples = fs.readdirSync(path.join(docs, "examples")).filter((f) => f.endsWith(".ts"));
// Page-side samples (examples/browser/) run in Chromium: test/browser/mock-page.test.ts.
const pageExamples = fs.readdirSync(path.join(docs, "examples/browser")).map((f) => `browser/${f}`);
// Inside docs/ so that the examples' imports resolve to the workspace packages.
const runDir = path.join(docs, ".run");
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300 });
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.cpSync(path.join(docs, "examples"), runDir, { recursive: true });
  await build({
    entryPoints: examples.map((f) => path.join(runDir, f)),
    outdir: runDir,
    format: "esm",
    platform: "node",
    outExtension: { ".js": ".mjs" },
    logLevel: "silent",
  });
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(runDir, { recursive: true, force: true });
});

test("every guide includes only samples that exist, and every sample is used by a guide", () => {
  const guides = fs
    .readdirSync(path.join(docs, "guides"))
    .map((f) => fs.readFileSync(path.join(docs, "guides", f), "utf8"))
    .join("\n");
  const used = [...guides.matchAll(/<!-- example: (\S+) -->/g)].map((m) => m[1]).sort();
  expect(used).toEqual([...examples, ...pageExamples].sort());
});

test("the samples type-check (tsc, strict)", () => {
  let out = "";
  try {
    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", path.join(docs, "tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 60_000);

test.concurrent.each(examples)(
  "%s runs against the mock",
  async (file) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-example-"));
    const child = spawn(process.execPath, [path.join(runDir, file.replace(/\.ts$/, ".mjs"))], {
      cwd,
      env: { ...process.env, MONET_API_KEY: "monet_docs_example", MONET_BASE_URL: mock.url },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise((r) => child.on("exit", r));
    fs.rmSync(cwd, { recursive: true, force: true });
    expect(code, out).toBe(0);
    expect(out).not.toMatch(/two tasks!|Error:/);
    // A sample printing a field the answer lacks ("expires undefined") shows a reader nothing.
    expect(out).not.toMatch(/\bundefined\b|\bNaN\b|Invalid Date/);
  },
  60_000,
); // ai-sdk.ts waits for two tasks at the API's 5 s poll advice
