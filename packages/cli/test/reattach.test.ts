// s10 audit F7 and F6: a `generate` whose create may have reached the API before the task was
// named (the event stream broke every time; a signal while the answer is held back) prints the
// command that re-attaches to that task with the idempotency key it sent. Run as printed, that
// command re-attaches: one task at the mock, never a second one paid for. Against the real mock
// (and a forwarder that holds back the first create's answer), started and stopped here.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterEach, beforeEach, expect, test } from "vitest";
import { mediaBytes } from "./media-bytes.ts";
import { interrupted, jsonError, lastLine, monet, runPrinted } from "./run.ts";

const KEY = "monet_cli_reattach_key";
let mock: MockServer | undefined;
let holder: { url: string; close(): Promise<void> } | undefined;
let cwd: string;

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-reattach-"));
});
afterEach(async () => {
  await holder?.close();
  await mock?.close();
  holder = mock = undefined;
  fs.rmSync(cwd, { recursive: true, force: true });
});

const env = (base: string) => ({ MONET_API_KEY: KEY, MONET_BASE_URL: base });
const tasks = () => (mock as MockServer).state.tasks.all();
const keyOf = (id: string) => JSON.parse(tasks().find((t) => t.id === id)?.request ?? "{}").idempotency_key;

/** Forwards everything to `upstream`, but never answers the first streamed create (the mock still creates its task). */
async function holdFirstCreate(upstream: string) {
  let held = false;
  const server = http.createServer((req, res) => {
    const hold = !held && req.method === "POST" && req.url?.startsWith("/api/v1/tasks/sync");
    if (hold) held = true;
    const up = http.request(new URL(req.url ?? "/", upstream), { method: req.method, headers: req.headers }, (answer) => {
      if (hold) return answer.resume();
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test("F7: the event stream breaks on every attempt after the task was created: no claim that it was not, exit 6, and the printed command re-attaches", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300, faults: [{ kind: "cut-stream", afterEvents: 0, times: 3 }] });
  const args = ["generate", "image", "--model", "nano-banana-1", "--prompt", "a red fox", "--out", "out"];
  const json = await monet(["--json", ...args], { cwd, env: env(mock.url) });
  expect(json.code, json.stderr).toBe(6);
  const error = jsonError(json.stderr);
  expect(error.message).not.toMatch(/before the task was created/);
  expect(error.message).toMatch(/may have been created/);
  expect(tasks()).toHaveLength(1); // the API did create it
  const [created] = tasks();
  expect(error.resume).toBe(`monet --json ${args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")} --idempotency-key ${keyOf(created.id)}`);
  // Run as printed: the same task, saved; still one task at the mock.
  const again = await runPrinted(error.resume, { cwd, env: env(mock.url) });
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout).task.id).toBe(created.id);
  expect(tasks()).toHaveLength(1);
});

test("F7 (human): the command that re-attaches is the last line of stderr", async () => {
  mock = await startMockServer({ port: 0, taskDuration: 300, faults: [{ kind: "cut-stream", afterEvents: 0, times: 3 }] });
  const r = await monet(["generate", "image", "--model", "nano-banana-1", "--prompt", "fox", "--out", "out"], { cwd, env: env(mock.url) });
  expect(r.code, r.stderr).toBe(6);
  const [created] = tasks();
  expect(lastLine(r.stderr)).toBe(`monet generate image --model nano-banana-1 --prompt fox --out out --idempotency-key ${keyOf(created.id)}`);
  const again = await runPrinted(lastLine(r.stderr), { cwd, env: env(mock.url) });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain(`done: ${created.id}`);
  expect(tasks()).toHaveLength(1);
});

test.each([
  ["local files (--images a.png)", ["--prompt", "hi", "--images", "a.png"], undefined],
  ["--input - (stdin) and a local file", ["--input", "-", "--images", "a.png"], '{"model": "nano-banana-1", "prompt": "from stdin"}'],
])(
  "F6: Ctrl-C before the API named the task, with %s: the printed command sends the same body and re-attaches to that one task",
  async (_what, extra, stdin) => {
    mock = await startMockServer({ port: 0, taskDuration: 300 });
    holder = await holdFirstCreate(mock.url);
    fs.writeFileSync(path.join(cwd, "a.png"), mediaBytes("a.png"));
    const base = holder.url;
    const r = await interrupted(["--base-url", base, "generate", "image", "--model", "nano-banana-1", ...extra, "--out", "out"], {
      cwd,
      env: { MONET_API_KEY: KEY },
      stdin,
      ready: () => tasks().length === 1,
    });
    expect(r.code, r.stderr).toBe(130);
    const printed = lastLine(r.stderr);
    // Not the local path (uploaded again under a new URL: 409), not the terminal's stdin.
    expect(printed).toMatch(/^printf '%s\\n' '\{.*"images":\["http:\/\/127\.0\.0\.1:\d+\/__mock\/files\/[^"]+"\].*\}' \| monet --base-url /);
    expect(printed).not.toMatch(/--images a\.png/);
    const [created] = tasks();
    expect(printed).toContain(`--idempotency-key ${keyOf(created.id)}`);
    const again = await runPrinted(printed, { cwd, env: { MONET_API_KEY: KEY } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`done: ${created.id}`);
    expect(tasks()).toHaveLength(1);
  },
);
