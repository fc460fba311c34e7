// Issue 21.13: strings from a server (task ids, error messages, URLs) must not reach the terminal
// with control characters: OSC 52 would write the clipboard, CSI could erase what was printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ESC, startHostileApi } from "./hostile-api.ts";
import { monet, monetInPty } from "./run.ts";

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
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "escape", "--out", "g"], "done: task_esc"],
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
  [["generate", "image", "--model", "flux-2-dev", "--prompt", "newline", "--out", "nl"], "task_nl saved /home/user/.bashrc"],
])("monet %j: a newline in a server string cannot fake a line", async (args, joined) => {
  const r = await monet(args, { cwd, env: env() });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(joined);
  expect(r.stdout).not.toMatch(/^saved \/(home|etc)/m);
  expect(r.stderr).not.toMatch(/^saved /m);
});

test("--json escapes C1 controls too (JSON.stringify leaves them raw)", async () => {
  const r = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "escape", "--out", "j"], { cwd, env: env() });
  expect(r.stdout).not.toMatch(CONTROL);
  expect(JSON.parse(r.stdout).task.id).toContain(ESC.csi8); // the data itself is intact
});

test("in a pseudo-terminal, none of the server's sequences reach the screen", async () => {
  const { code, screen } = await monetInPty(["generate", "image", "--model", "flux-2-dev", "--prompt", "escape", "--out", "pty"], { cwd, env: env() });
  expect(code, screen).toBe(0);
  expect(screen).toContain("done: task_esc");
  for (const seq of [ESC.clipboard, ESC.title, ESC.csi8, "\x1b]", "\x07"]) expect(screen).not.toContain(seq);
}, 30_000);
