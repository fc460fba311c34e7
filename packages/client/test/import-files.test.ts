// Which files Node loads to import the built client: each module costs cold start (about a
// millisecond each on this project's machines, see bench/README.md), so the count is held here
// and the time is measured in `pnpm bench`. A count, not a timing: it cannot flake.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const pkgDir = path.resolve(import.meta.dirname, "..");

/** The files (relative to packages/) a fresh Node process loads for `code`, in load order. */
function filesLoaded(code: string): string[] {
  const script = `
import { registerHooks } from "node:module";
const files = [];
registerHooks({ load(url, context, next) { if (url.startsWith("file:")) files.push(url); return next(url, context); } });
${code}
console.log(JSON.stringify(files));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: pkgDir, encoding: "utf8" });
  const packages = path.resolve(pkgDir, "..");
  return JSON.parse(out.trim().split("\n").at(-1) ?? "[]").map((u: string) => path.relative(packages, new URL(u).pathname).replaceAll("\\", "/"));
}

test("importing the client loads its entry and the models' error classes: two files", () => {
  const files = filesLoaded('await import("@monet-ai/client");');
  expect(files, files.join("\n")).toEqual(["client/dist/index.js", "models/dist/errors.js"]);
});

test("client + models: three files; the first create loads the validator's own file", () => {
  const both = filesLoaded('await import("@monet-ai/client"); await import("@monet-ai/models");');
  expect(both, both.join("\n")).toEqual(["client/dist/index.js", "models/dist/errors.js", "models/dist/index.js"]);

  const created = filesLoaded(`const { Monet } = await import("@monet-ai/client");
const monet = new Monet({ apiKey: "monet_x", baseUrl: "http://127.0.0.1:9" });
await monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => { if (e.name !== "InputValidationError") throw e; });`);
  expect(created.filter((f) => f.startsWith("models/"))).toEqual(["models/dist/errors.js", "models/dist/validate.js"]);
});

test("the lazy parts import what they share with the entry from the entry itself, not a copy", () => {
  const files = filesLoaded(`const { Monet } = await import("@monet-ai/client");
const monet = new Monet({ apiKey: "monet_x", baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
await monet.tasks.stream({ type: "video", input: { model: "sora-2", prompt: "x" } }).next().catch(() => {});
await monet.tasks.list().catch(() => {});`);
  const client = files.filter((f) => f.startsWith("client/"));
  expect(client[0]).toBe("client/dist/index.js");
  // Loaded on first use, beside the entry (and no chunk of the entry's own code under another name).
  expect(client.length, client.join("\n")).toBeGreaterThan(1);
  for (const f of client.slice(1)) expect(fs.readFileSync(path.join(pkgDir, "..", f), "utf8")).not.toMatch(/\bTransport = class\b|\bAPIError = class\b/);
});

test("with validateInputs: false the validator is never loaded", () => {
  const files = filesLoaded(`const { Monet } = await import("@monet-ai/client");
const monet = new Monet({ apiKey: "monet_x", baseUrl: "http://127.0.0.1:9", validateInputs: false, maxRetries: 0 });
await monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => { if (e.name !== "APIConnectionError") throw e; });`);
  expect(files.filter((f) => f.startsWith("models/"))).toEqual(["models/dist/errors.js"]);
});

test("each build defines the client's error classes in one file, so instanceof holds across entries", () => {
  for (const ext of [".js", ".cjs"]) {
    const dist = path.join(pkgDir, "dist");
    const defining = fs.readdirSync(dist).filter((f) => f.endsWith(ext) && /\bAPIError = class\b/.test(fs.readFileSync(path.join(dist, f), "utf8")));
    expect(defining, ext).toHaveLength(1);
  }
});
