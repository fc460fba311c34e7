// Issue 21.13: strings from a server (task ids, error messages, URLs) must not reach the terminal
// with control characters: OSC 52 would write the clipboard, CSI could erase what was printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ESC, startHostileApi } from "./hostile-api.ts";
import { jsonError, monet, monetInPty } from "./run.ts";

let api: Awaited<ReturnType<typeof startHostileApi>>;
let cwd: string;
beforeAll(async () => {
  api = await startHostileApi();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-esc-"));
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = () => ({ MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: api.url });
// C0 except \n and \t, DEL, C1 (8-bit CSI, OSC, ST...).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

test.each([
  [["get", "escape"], "/files/ok.png?x="],
  [["get", "escape-failed"], "It broke badly"],
  [["wait", "escape", "--out", "w"], "done: escape"],
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "escape", "--out", "g"], "task_esc  processing  50%"],
  [["wait", "escape-failed"], "It broke badly"],
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "escape-failed"], "It broke badly"],
  [["get", "nope"], "Task nope was not found."],
  [["list"], "task_esc"],
])("monet %j prints what the server sent without control characters", async (args, visible) => {
  const r = await monet(args, { cwd, env: env() });
  expect(r.stdout + r.stderr).toContain(visible);
  expect(r.stdout).not.toMatch(CONTROL);
  expect(r.stderr).not.toMatch(CONTROL);
});

test.each([
  [["get", "newline"], "ok.png? saved /etc/passwd"],
  // The status the stream reports while the task works, on the progress line (stderr).
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "newline", "--out", "nl"], "task_nl  processing saved /home/user/.bashrc"],
])("monet %j: a newline in a server string cannot fake a line", async (args, joined) => {
  const r = await monet(args, { cwd, env: env() });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout + r.stderr).toContain(joined);
  expect(r.stdout).not.toMatch(/^saved \/(home|etc)/m);
  expect(r.stderr).not.toMatch(/^saved /m);
});

// A streamed id holding escapes or a newline is one no call can follow: the client refuses it at
// once, naming it, and the CLI's error shows it without a raw sequence or a line of its own.
test.each([
  ["escape-id", "task_esc"],
  ["newline-id", "task_nl"],
])("monet generate: a streamed id with control characters (%s) is refused, shown without them", async (scenario, start) => {
  const args = ["generate", "image", "--model", "flux-2-dev", "--prompt", scenario, "--out", `refused-${scenario}`];
  const r = await monet(args, { cwd, env: env() });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(`the event stream named task id "${start}`);
  expect(r.stderr).toContain("which no call can follow");
  expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  expect(r.stderr).not.toMatch(/^saved /m);
  // One line, the create's key in it: no command (the same create meets the same id), none built from the id.
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/idempotency key [0-9a-f-]{36}\b/);
  expect(fs.readdirSync(path.join(cwd, `refused-${scenario}`))).toEqual([]);
});

test("--json escapes C1 controls too (JSON.stringify leaves them raw)", async () => {
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "escape", "--out", "j"], { cwd, env: env() });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).not.toMatch(CONTROL);
  expect(JSON.parse(r.stdout).task.outputs[0].url).toContain(ESC.csi8); // the data itself is intact
});

test("--json: a refused id with control characters leaves none in the error line", async () => {
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "escape-id", "--out", "jr"], { cwd, env: env() });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  const error = jsonError(r.stderr);
  expect(error.message).toContain('task id "task_esc');
  expect(error.message).not.toMatch(CONTROL);
  expect(error.resume).toBeUndefined();
});

// Server strings with escapes on a terminal: an output URL, a task's error, and an id no call can
// follow in the refusal. (Not a status while working: the bar may never draw it, so the case
// could pass without the CLI cleaning anything.)
test.each([
  [["get", "escape"], 0, "/files/ok.png?x="],
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "escape-failed"], 5, "It broke badly"],
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "escape-id", "--out", "pty"], 1, "which no call can follow"],
])(
  "in a pseudo-terminal, none of the server's sequences reach the screen: monet %j",
  async (args, exit, visible) => {
    const { code, screen } = await monetInPty(args, { cwd, env: env() });
    expect(code, screen).toBe(exit);
    expect(screen).toContain(visible);
    for (const seq of [ESC.clipboard, ESC.title, ESC.csi8, "\x1b]", "\x07"]) expect(screen).not.toContain(seq);
  },
  30_000,
);
