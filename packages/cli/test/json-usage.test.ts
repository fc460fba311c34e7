// s13 audit M5, M3, L1, L4, L8: what an agent driving `monet --json` can read without parsing
// English: a missing command is bad usage (exit 2), every error has a `code` (and the field
// problems as `issues`), a repeated flag or a flag that does nothing is refused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-usage-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[], env: Record<string, string> = {}) => run(args, { cwd, env: { MONET_API_KEY: "monet_cli_usage_key", ...env } });

test("M5: `monet --json` and `monet pipeline --json` with no command: exit 2, the JSON error naming the commands", async () => {
  const top = await monet(["--json"]);
  expect(top.code).toBe(2);
  expect(top.stdout).toBe("");
  const e = jsonError(top.stderr);
  expect(e).toMatchObject({ type: "UsageError", exitCode: 2, retryable: false });
  for (const c of ["models", "generate", "wait", "pipeline", "api"]) expect(e.message).toContain(c);
  const pipeline = await monet(["pipeline", "--json"]);
  expect(pipeline.code).toBe(2);
  expect(pipeline.stdout).toBe("");
  expect(jsonError(pipeline.stderr).message).toMatch(/monet pipeline <command>, one of run/);
  // Without --json, the help as before (a person sees what to type).
  const human = await monet([]);
  expect(human.stderr).toContain("Usage: monet");
});
