// Whether a line on stderr is JSON follows what the parser decided about --json, not whether the
// word "--json" stands somewhere in argv: after `--` it is an operand (a file named --json), and
// the warnings (reading the terminal, an ignored MONET_CLI_ROOTS entry) and errors are then text.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { bin, monet } from "./run.ts";

const bench = mockBench("json-mode");
beforeAll(() => fs.writeFileSync(path.join(bench.cwd, "--json"), "a file named --json"));
const env = bench.env;

test("upload --any-file -- --json (a file of that name) with an ignored MONET_CLI_ROOTS entry: the warning is a text line, not a JSON event", async () => {
  const r = await monet(["upload", "--any-file", "--", "--json"], { cwd: bench.cwd, env: env({ MONET_CLI_ROOTS: `relative${path.delimiter}${bench.cwd}` }) });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr.trim()).toBe(`monet: MONET_CLI_ROOTS entries must be absolute paths; ignored "relative"`);
  expect(r.stdout).toMatch(/^https?:\/\//);
});

test("get -- --json: the API's 404 for a task of that id is a text line, as the parser read no --json", async () => {
  const r = await monet(["get", "--", "--json"], { cwd: bench.cwd, env: env() });
  expect(r.code, r.stderr).toBe(4);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toContain('{"error"');
});

test("--json given, stdin a terminal: the stdin warning is an event line", async () => {
  const cmd = `${process.execPath} ${bin} --json generate image --input - --no-wait`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    cwd: bench.cwd,
    env: { ...process.env, ...env(), TERM: "dumb" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  for (let i = 0; !screen.includes("reading --input from the terminal"); i++) {
    if (i > 400) {
      child.kill("SIGKILL");
      throw new Error(`never said it reads the terminal: ${screen}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.stdin.write(`${JSON.stringify({ model: "flux-2-dev", prompt: "typed" })}\n\x04`);
  expect(await new Promise((resolve) => child.on("close", resolve)), screen).toBe(0);
  const warning = screen.split(/\r?\n/).find((l) => l.includes("reading --input from the terminal")) as string;
  expect(JSON.parse(warning.slice(warning.indexOf("{")))).toMatchObject({ event: "warning" });
}, 30_000);
