// s13 CLI audit M1 and L2: `monet pipeline run` exits as the other commands do for the same
// situation. A refused key: 3; no connection: 6; each with the usual JSON error object on stderr
// (retryable, resume) and the event stream ending with `stopped`, nothing more created. A run whose
// only problem is tasks the API failed: 5; tasks that ran out of --task-timeout: 6; and the `done`
// event says what helps next. Subprocesses against real mocks, started and stopped here.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { RATE_LIMITED_WAIT_MS } from "@monet-ai/pipeline";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHostile } from "../../../test/support/hostile.js";
import { monet as run } from "./run.ts";

let fast: MockServer;
let slow: MockServer;
let cwd: string;

beforeAll(async () => {
  fast = await startMockServer({ port: 0, taskDuration: 100 });
  // Tasks that outlast every --task-timeout here.
  slow = await startMockServer({ port: 0, taskDuration: 600_000 });
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-pipeline-exit-"));
  const file = (name: string, prompts: string[]) =>
    fs.writeFileSync(
      path.join(cwd, name),
      `name: ${name.replace(".yaml", "")}\nconcurrency: 1\nitems: [${prompts.map((p, i) => `{ id: i${i}, p: "${p}" }`).join(", ")}]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }\n`,
    );
  file("three.yaml", ["a", "b", "c"]);
  file("failing.yaml", ["fine", "[fail] broken"]);
});
afterAll(async () => {
  await fast?.close();
  await slow?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const monet = (args: string[], env: Record<string, string>) => run(args, { cwd, env: { MONET_API_KEY: "monet_cli_pipeline_exit", ...env } });
const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("a refused key: exit 3 at once, the API's error as JSON on stderr with the command that resumes; no task tried after it", async () => {
  const out = path.join(cwd, "refused");
  const r = await monet(["--json", "pipeline", "run", "three.yaml", "--out", out], { MONET_API_KEY: "bad_key", MONET_BASE_URL: fast.url });
  expect(r.code, r.stderr).toBe(3);
  const { error } = JSON.parse(r.stderr);
  expect(error).toMatchObject({ type: "AuthenticationError", status: 401, retryable: false, exitCode: 3 });
  expect(error.resume).toBe(`monet --json pipeline run three.yaml --out ${out}`);
  expect(error.message).toMatch(/^the pipeline stopped: the API key was refused \(401\)/);
  const events = lines(r.stdout);
  expect(events.at(-1)).toMatchObject({
    type: "stopped",
    reason: "auth",
    summary: { total: 3, unfinished: 3 },
    manifest: path.join(fs.realpathSync(out), "manifest.json"),
    journal: path.join(fs.realpathSync(out), ".pipeline", "journal.jsonl"),
  });
  expect(events.filter((e) => e.type === "task")).toEqual([]);
  // Text mode: the line, then the command on a line of its own.
  const text = await monet(["pipeline", "run", "three.yaml", "--out", out], { MONET_API_KEY: "bad_key", MONET_BASE_URL: fast.url });
  expect(text.code).toBe(3);
  expect(text.stderr.trim().split("\n").at(-1)).toBe(`monet pipeline run three.yaml --out ${out}`);
  // Where what was saved is listed, in the text a cron mail shows and in the error object.
  const manifest = path.join(fs.realpathSync(out), "manifest.json");
  expect(text.stderr).toContain(`What was saved is listed in ${manifest}.`);
  expect(error).toMatchObject({ manifest, journal: path.join(fs.realpathSync(out), ".pipeline", "journal.jsonl") });
});

test("no connection: exit 6, retryable, with the command that resumes", async () => {
  const out = path.join(cwd, "unreachable");
  const r = await monet(["--json", "pipeline", "run", "three.yaml", "--out", out], { MONET_BASE_URL: `http://127.0.0.1:${await closedPort()}` });
  expect(r.code, r.stderr).toBe(6);
  const { error } = JSON.parse(r.stderr);
  expect(error).toMatchObject({ type: "APIConnectionError", retryable: true, exitCode: 6, resume: `monet --json pipeline run three.yaml --out ${out}` });
  expect(lines(r.stdout).at(-1)).toMatchObject({ type: "stopped", reason: "connection" });
}, 90_000);

test("only tasks the API failed: exit 5 (as generate and wait), done says --retry-failed", async () => {
  const r = await monet(["--json", "pipeline", "run", "failing.yaml", "--out", path.join(cwd, "failing")], {
    MONET_BASE_URL: fast.url,
    MONET_POLL_INTERVAL: "50",
  });
  expect(r.code, r.stderr).toBe(5);
  expect(r.stderr).toBe("");
  expect(lines(r.stdout).at(-1)).toMatchObject({ type: "done", summary: { succeeded: 1, failed: 1 }, next: ["--retry-failed"] });
});

test("only tasks that ran out of --task-timeout: exit 6 (a wait that ran out of time), done says rerun", async () => {
  const r = await monet(["--json", "pipeline", "run", "three.yaml", "--out", path.join(cwd, "late"), "--task-timeout", "0.2", "--concurrency", "3"], {
    MONET_BASE_URL: slow.url,
    MONET_POLL_INTERVAL: "50",
  });
  expect(r.code, r.stderr).toBe(6);
  expect(lines(r.stdout).at(-1)).toMatchObject({ type: "done", summary: { unfinished: 3 }, next: ["rerun"] });
});

test("all succeeded: exit 0, done with an empty next", async () => {
  const r = await monet(["--json", "pipeline", "run", "three.yaml", "--out", path.join(cwd, "fine")], { MONET_BASE_URL: fast.url, MONET_POLL_INTERVAL: "50" });
  expect(r.code, r.stderr).toBe(0);
  expect(lines(r.stdout).at(-1)).toMatchObject({ type: "done", summary: { succeeded: 3 }, next: [] });
});

test("--rate-limited-wait: an API answering only 429s stops the run after that many seconds (exit 6, the command that resumes), not after the pipeline's default", async () => {
  // Every request: 429, asking for a short pause (so the limit, not one Retry-After, ends the run).
  const api = await startHostile((_req, res) =>
    res
      .writeHead(429, { "content-type": "application/json", "retry-after-ms": "100" })
      .end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } })),
  );
  try {
    const out = path.join(cwd, "limited");
    const r = await monet(["--json", "pipeline", "run", "three.yaml", "--out", out, "--rate-limited-wait", "0.5"], { MONET_BASE_URL: api.url });
    expect(r.code, r.stderr).toBe(6);
    const { error } = JSON.parse(r.stderr);
    expect(error).toMatchObject({ retryable: true, exitCode: 6, resume: `monet --json pipeline run three.yaml --out ${out} --rate-limited-wait 0.5` });
    expect(error.message).toContain("(rateLimitedWait)");
    expect(lines(r.stdout).at(-1)).toMatchObject({ type: "stopped", reason: "connection" });
  } finally {
    await api.close();
  }
});

test("--rate-limited-wait takes seconds above 0, at most a day (exit 2 naming the flag, nothing sent); --help shows the pipeline's default", async () => {
  for (const v of ["0", "-1", "abc", "0x10", "86401"]) {
    const r = await monet(["pipeline", "run", "three.yaml", "--out", path.join(cwd, "never"), "--rate-limited-wait", v], { MONET_BASE_URL: fast.url });
    expect(r.code, v).toBe(2);
    expect(r.stderr).toContain("--rate-limited-wait");
    expect(r.stderr).toContain("must be a number above 0, at most 86400");
  }
  expect(fs.existsSync(path.join(cwd, "never"))).toBe(false);
  const help = (await monet(["pipeline", "run", "--help"], {})).stdout.replace(/\s+/g, " ");
  expect(help).toContain("--rate-limited-wait <seconds>");
  expect(help).toContain(`(default: ${RATE_LIMITED_WAIT_MS / 1000})`);
});
