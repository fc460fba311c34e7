// The pipeline file is read only up to a size cap (checked before reading), and a file that is not
// a pipeline is described by its kind: its keys and values never reach an error.
import fs from "node:fs";
import { afterEach, expect, test } from "vitest";
import { dryRun, PipelineFileError, runPipeline } from "../src/index.js";
import { type Bench, bench } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

test("a pipeline file over 10 MiB is refused from its size, by dryRun and by a run, sending nothing", async () => {
  b = await bench();
  const file = b.write("big.yaml", "");
  // Sparse: the size is there without writing it.
  fs.truncateSync(file, 10 * 1024 * 1024 + 1);
  const plan = dryRun(file);
  expect(plan.ok).toBe(false);
  expect(plan.issues).toEqual([{ path: "", message: expect.stringMatching(/big\.yaml is 10\.0 MiB; a pipeline file may be at most 10 MiB/) }]);
  const err = await runPipeline(file, { client: b.monet, outDir: b.out }).catch((e) => e);
  expect(err).toBeInstanceOf(PipelineFileError);
  expect(err.message).toMatch(/may be at most 10 MiB/);
  expect(b.requests).toEqual([]);
  expect(fs.existsSync(b.out)).toBe(false);
});

test.each([
  ["a .env renamed .yaml", "env.yaml", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n", /holds plain text, not a pipeline/, ["AWS_SECRET", "wJalr"]],
  ["a config mapping without steps", "config.yaml", 'name: "db-password-hunter2"\npassword: hunter2\n', /has no steps/, ["hunter2", "password"]],
  ["a list", "list.yaml", "- tok_live_999\n", /holds a list, not a pipeline/, ["tok_live"]],
  ["broken JSON", "creds.json", '{"token": tok_live_999}', /creds\.json is not valid JSON/, ["tok_live"]],
  // yaml's own messages quote these: "Unresolved alias ...: Zq8-SECRET", "Unsupported YAML version SECRET".
  [
    "a value starting with *",
    "alias.yml",
    "password: *Zq8-SECRET-PASSWORD\n",
    /alias\.yml is not valid YAML: a value starting with \* \(an alias\) names no anchor/,
    ["Zq8-SECRET"],
  ],
  ["a merge key", "merge.yaml", "<<: *SECRET-TOKEN-4242\n", /merge\.yaml is not valid YAML: a value starting with \*/, ["SECRET-TOKEN"]],
  [
    "a %YAML line",
    "version.yaml",
    "%YAML SECRET-DIRECTIVE-TEXT\n---\na: 1\n",
    /version\.yaml is not valid YAML: bad directive at line 1/,
    ["SECRET-DIRECTIVE"],
  ],
])("%s is described by its kind, never quoted", async (_name, fileName, text, says, secrets) => {
  b = await bench();
  const file = b.write(fileName, text);
  const plan = dryRun(file);
  expect(plan.ok).toBe(false);
  expect(plan.issues.map((i) => i.message).join("\n")).toMatch(says);
  const err = await runPipeline(file, { client: b.monet, outDir: b.out }).catch((e) => e);
  expect(err).toBeInstanceOf(PipelineFileError);
  for (const s of secrets) {
    expect(JSON.stringify(plan)).not.toContain(s);
    expect(err.message).not.toContain(s);
  }
});

test("a tag yaml does not know is not printed as a warning with its line (an MCP client logs the server's stderr)", async () => {
  b = await bench();
  const file = b.write("tags.yaml", "api_key: !vault SECRET-VAULT-VALUE-777\ntoken: !!int SECRET-INT-TAG-999\n");
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(String(w));
  process.on("warning", onWarning);
  try {
    const plan = dryRun(file);
    expect(plan.ok).toBe(false);
    expect(JSON.stringify(plan)).not.toContain("SECRET");
    // A warning is emitted on the next tick.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", onWarning);
  }
  expect(warnings.join("\n")).not.toContain("SECRET");
});

test("an items file over 64 MiB is refused from its size, before it is read", async () => {
  b = await bench();
  const items = b.write("items.jsonl", "");
  fs.truncateSync(items, 64 * 2 ** 20 + 1);
  const file = b.write(
    "p.yaml",
    "name: p\nitems: { file: items.jsonl }\nsteps:\n  s: { foreach: items, type: image, input: { model: flux-2-dev, prompt: x } }\n",
  );
  const plan = dryRun(file);
  expect(plan.ok).toBe(false);
  expect(plan.issues).toEqual([
    expect.objectContaining({ path: "items.file", message: expect.stringMatching(/must be at most 64 MiB \(it has 67108865 bytes\)/) }),
  ]);
  expect(b.requests).toEqual([]);
});

test.each([
  ["items.json", '{"token": tok_live_999}', /unexpected character at line 1, column 12/], // "to": V8 reads "t" as the start of true,
  ["items.jsonl", '{"name": "a"}\nghp_SECRET_123\n', /line 2 is not JSON \(unexpected character at column 1\)/],
  // csv-parse's own messages quote the field and the header: "value is \"ghp_SECRET_123\"".
  ["items.csv", 'tok_live_999\nghp_SECRET_123"x\n', /invalid opening quote at line 2/],
  ["items.csv", 'tok_live_999\n"ghp_SECRET_123"x\n', /invalid closing quote at line 2/],
])("an items file %s that does not parse is described by place, never quoted", async (name, text, place) => {
  b = await bench();
  b.write(name, text);
  const file = b.write("p.yaml", `name: p\nitems: { file: ${name} }\nsteps:\n  s: { foreach: items, type: image, input: { model: flux-2-dev, prompt: x } }\n`);
  const plan = dryRun(file);
  expect(plan.ok).toBe(false);
  expect(plan.issues).toEqual([expect.objectContaining({ path: "items.file", message: expect.stringContaining(`items.file ${name} could not be read`) })]);
  expect(plan.issues[0].message).toMatch(place);
  for (const s of ["tok_live", "ghp_SECRET"]) expect(JSON.stringify(plan)).not.toContain(s);
  expect(b.requests).toEqual([]);
});
