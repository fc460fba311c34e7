// `--input -` (and `monet api --body -`) with the terminal on stdin wait for typing: the command
// says so on stderr, where it looked hung (s22 audit F6). A pipe gets no such line.
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { bin, monet } from "./run.ts";

const bench = mockBench("stdin");

const env = () => ({ ...process.env, MONET_API_KEY: "monet_cli_stdin", MONET_BASE_URL: bench.mock.url, TERM: "dumb" });
const HINT = "reading --input from the terminal: type or paste it, then Ctrl-D";

test("--input - in a terminal: a line says it reads the terminal; what is typed (then Ctrl-D) is the input", async () => {
  const cmd = `${process.execPath} ${bin} generate image --input - --no-wait`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], { cwd: bench.cwd, env: env(), stdio: ["pipe", "pipe", "pipe"] });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  // Typed once the CLI says it reads (polled, no fixed sleep).
  for (let i = 0; !screen.includes(HINT); i++) {
    if (i > 400) {
      child.kill("SIGKILL");
      throw new Error(`never said it reads the terminal: ${screen}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.stdin.write(`${JSON.stringify({ model: "flux-2-dev", prompt: "typed" })}\n\x04`);
  const code = await new Promise((resolve) => child.on("close", resolve));
  expect(code, screen).toBe(0);
  expect(screen).toMatch(/task_\w+/);
}, 30_000);

test("--input - from a pipe: no such line", async () => {
  const r = await monet(["generate", "image", "--input", "-", "--no-wait"], {
    cwd: bench.cwd,
    env: { MONET_API_KEY: "monet_cli_stdin", MONET_BASE_URL: bench.mock.url },
    stdin: JSON.stringify({ model: "flux-2-dev", prompt: "piped" }),
  });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).not.toContain("from the terminal");
});
