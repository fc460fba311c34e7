// s19 audit F6: the argument parser's refusals (an unknown option or command, a missing argument)
// are one line like the CLI's own: the suggestion on it, `field` in JSON, the help to read named
// instead of printed; a key flag is pointed to MONET_API_KEY, its value never echoed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-parser-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_parser_test" } });

test.each([
  { args: ["list", "--page-szie", "5"], code: "unknown_flag", field: "--page-szie", says: "did you mean --page-size?", help: "monet list --help" },
  { args: ["modles"], code: "unknown_command", field: "modles", says: "did you mean models?", help: "monet --help" },
  { args: ["pipeline", "runn"], code: "unknown_command", field: "runn", says: "did you mean run?", help: "monet pipeline --help" },
  { args: ["get"], code: "missing_argument", field: "id", says: "missing required argument", help: "monet get --help" },
])("$args: one line with the suggestion and the help to read; --json names the field", async ({ args, code, field, says, help }) => {
  const text = await monet(args);
  expect(text.code).toBe(2);
  expect(text.stdout).toBe("");
  expect(text.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(text.stderr).toContain(says);
  expect(text.stderr).toContain(`See ${help}.`);
  expect(text.stderr).not.toContain("Usage:");
  const json = await monet(["--json", ...args]);
  expect(json.code).toBe(2);
  const e = jsonError(json.stderr);
  expect(e).toMatchObject({ type: "UsageError", code, field, exitCode: 2 });
  expect(e.message).not.toContain("\n");
  expect(e.message).toContain(says);
});

test("--api-key and --key: the key is read from MONET_API_KEY; the value typed is never echoed", async () => {
  const value = "monet_TypedOnTheCommandLine123";
  for (const args of [
    ["get", "task_x", "--api-key", value],
    ["get", "task_x", `--api-key=${value}`],
    ["--json", "list", "--key", value],
  ]) {
    const r = await monet(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("MONET_API_KEY");
    expect(r.stderr).not.toContain("TypedOnTheCommandLine");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  }
  expect(jsonError((await monet(["--json", "get", "task_x", `--api-key=${value}`])).stderr).field).toBe("--api-key");
});
