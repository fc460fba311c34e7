// One default for how long a task takes (audit s16, finding 8): the library's, which the CLI
// uses when --task-duration is not given, its help states, and the README's options table says.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { DEFAULT_TASK_DURATION } from "../src/config.js";
import { json, request } from "./support/raw.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../dist/cli.js");
let child: ChildProcess | undefined;
afterAll(() => void child?.kill("SIGTERM"));

test("the CLI's help states the library's default", () => {
  const help = execFileSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
  expect(help).toMatch(new RegExp(`--task-duration ms +from creation to success \\(default ${DEFAULT_TASK_DURATION}\\)`));
});

test("the README's options table states it", () => {
  const readme = fs.readFileSync(path.resolve(here, "../README.md"), "utf8");
  expect(readme).toContain(`| \`taskDuration\` | \`${DEFAULT_TASK_DURATION}\` ms |`);
  expect(readme).not.toMatch(/--task-duration \d/);
});

test("a task of the CLI started without --task-duration takes the library's default", async () => {
  child = spawn(process.execPath, [cli, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child?.stdout?.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child?.once("exit", (code) => reject(new Error(`monet-mock exited with ${code}`)));
  });
  const auth = { authorization: "Bearer monet_duration" };
  const body = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "x" }, idempotency_key: "k1" });
  const created = json(await request(port, "POST", "/api/v1/tasks/async", { ...auth, "content-type": "application/json" }, body));
  // Its updated_at once finished is created_at plus the duration: no timing in the assertion.
  let task = created;
  for (const deadline = Date.now() + 30_000; task.status !== "success" && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 200));
    task = json(await request(port, "GET", `/api/v1/tasks/${created.id}`, auth));
  }
  expect(task.status).toBe("success");
  expect(Date.parse(task.updated_at) - Date.parse(task.created_at)).toBe(DEFAULT_TASK_DURATION);
});
