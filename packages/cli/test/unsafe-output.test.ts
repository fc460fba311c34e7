// An output URL refused as unsafe (`file:`, a link-local host) is refused again by every rerun:
// `generate` and `wait` print no resume command for it (the audit's F5: the printed `monet wait`
// failed the same way), in text and --json, but say to report it, naming the task.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHostileApi } from "./hostile-api.ts";
import { monet } from "./run.ts";

let api: Awaited<ReturnType<typeof startHostileApi>>;
let dir: string;
beforeAll(async () => {
  api = await startHostileApi();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-unsafe-output-"));
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const run = (args: string[]) => monet(args, { cwd: dir, env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: api.url } });

test.each([
  // (wait's task has the id asked for; generate's, the id the scenario names.)
  ["wait", ["wait", "file-url", "--out", "out"], "file-url"],
  ["generate", ["generate", "image", "--model", "flux-2-dev", "--prompt", "file-url", "--out", "out"], "task_file"],
])("%s with a file: output: exit 1, no resume command, told to report it", async (_, args, id) => {
  const text = await run(args);
  expect(text.code, text.stderr).toBe(1);
  const error = text.stderr.slice(text.stderr.indexOf("error:"));
  expect(error).toMatch(/refused a file: URL/);
  expect(error).toMatch(/cannot be fetched safely, by this or any rerun: report it \(task [\w-]+\)/);
  expect(error).toContain(`(task ${id})`);
  expect(error).not.toMatch(/monet wait|cli\.js wait/);
  expect(error.trim().split("\n")).toHaveLength(1);

  const json = await run(["--json", ...args]);
  expect(json.code).toBe(1);
  expect(json.stdout).toBe("");
  const { error: e } = JSON.parse(json.stderr.trim().split("\n").at(-1) ?? "");
  expect(e).toMatchObject({ code: "unsafe_url", taskId: id, exitCode: 1 });
  expect(e.resume).toBeUndefined();
  expect(e.message).toMatch(/report it/);
});
