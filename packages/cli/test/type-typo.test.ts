// s19 audit F7: a mistyped type is answered with the closest, as commands, flags and model ids
// are; `models --type` names its flag.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-type-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_type_test" } });

test("generate imgae: exit 2, did you mean image?, in text and --json", async () => {
  const text = await monet(["generate", "imgae", "--model", "flux-2-dev", "--prompt", "hi"]);
  expect(text.code).toBe(2);
  expect(text.stderr).toContain("did you mean image?");
  const e = jsonError((await monet(["--json", "generate", "imgae", "--model", "flux-2-dev", "--prompt", "hi"])).stderr);
  expect(e).toMatchObject({ code: "invalid_value", field: "type" });
  expect(e.message).toContain("did you mean image?");
});

test("models --type vidoe: the flag named, and the closest type", async () => {
  const e = jsonError((await monet(["--json", "models", "--type", "vidoe"])).stderr);
  expect(e).toMatchObject({ code: "invalid_value", field: "--type" });
  expect(e.message).toMatch(/^--type must be one of .*did you mean video\?/);
});
