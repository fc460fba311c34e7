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

test("importing the client loads its entry, one shared chunk and the models' error classes: three files", () => {
  const files = filesLoaded('await import("@monet-ai/client");');
  expect(files.filter((f) => f.startsWith("client/")).length, files.join("\n")).toBe(2);
  expect(files.filter((f) => f.startsWith("client/"))[0]).toBe("client/dist/index.js");
  expect(
    files.filter((f) => f.startsWith("models/")),
    files.join("\n"),
  ).toEqual(["models/dist/errors.js"]);
});

test("client + models: five files; the validator loads once, with the models package or the first create", () => {
  const both = filesLoaded('await import("@monet-ai/client"); await import("@monet-ai/models");');
  expect(both.length, both.join("\n")).toBe(5);
  expect(both.filter((f) => f.startsWith("models/")).sort()).toEqual(["models/dist/errors.js", "models/dist/index.js", "models/dist/validate.js"]);

  const created = filesLoaded(`const { Monet } = await import("@monet-ai/client");
const monet = new Monet({ apiKey: "monet_x", baseUrl: "http://127.0.0.1:9" });
await monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => { if (e.name !== "InputValidationError") throw e; });`);
  expect(created.filter((f) => f.startsWith("models/"))).toEqual(["models/dist/errors.js", "models/dist/validate.js"]);
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
