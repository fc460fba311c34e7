// The progress of a waiting command in terminals that are not a wide xterm (s22 audit F2, F3):
// TERM=dumb (Emacs' shell, some CI ptys) shows cursor sequences raw, so it gets the plain lines
// a pipe gets; a narrow terminal cuts what does not fit (the bar turns line wrap off), so the
// task comes first and the bar takes what is left. script(1) gives the CLI a pseudo-terminal.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { bin } from "./run.ts";

const bench = mockBench("terms", { taskDuration: 300 });

/** `monet generate` (or other arguments) in a pty of `cols` columns with this TERM: everything it wrote, raw. */
function inPty(
  term: string,
  cols: number,
  out: string,
  args = `generate image --model flux-2-dev --prompt p --out ${out}`,
): Promise<{ code: number | null; screen: string }> {
  const cmd = `stty cols ${cols} rows 24; ${process.execPath} ${bin} ${args}`;
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    cwd: bench.cwd,
    env: { ...process.env, MONET_API_KEY: "monet_cli_terms", MONET_BASE_URL: bench.mock.url, MONET_POLL_INTERVAL: "50", TERM: term },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, screen })));
}

test("TERM=dumb in a terminal: plain progress lines, no escape sequence", async () => {
  const { code, screen } = await inPty("dumb", 80, "dumb");
  expect(code, screen).toBe(0);
  expect(screen).not.toContain("\x1b");
  expect(screen).toMatch(/task_\w+ {2}processing {2}\d+%\r?\n/);
  expect(screen).toMatch(/saved dumb\/task_\w+\.png/);
}, 30_000);

test("a 30-column terminal: every frame of the bar starts with the task id and its status, which fit", async () => {
  const { code, screen } = await inPty("xterm", 30, "narrow");
  expect(code, screen).toBe(0);
  // cli-progress redraws each frame from column 1 (CSI 1 G) and clears the rest (CSI 0 K).
  const frames = screen
    .split("\x1b[1G")
    .slice(1)
    .map((f) => f.split("\x1b[0K")[0]);
  const running = frames.filter((f) => f.includes("processing"));
  expect(running.length, screen).toBeGreaterThan(0);
  for (const f of running) expect([...f].slice(0, 30).join(""), f).toMatch(/^task_\w+ {2}processing {2}\d+%/);
}, 30_000);

test("TERM=dumb in a terminal: pipeline run's progress is plain lines too, no escape sequence", async () => {
  fs.writeFileSync(
    path.join(bench.cwd, "p.yaml"),
    'name: dumb\nitems: [{ id: a }, { id: b }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "a ${{ item.id }}" } }\n',
  );
  const { code, screen } = await inPty("dumb", 80, "", "pipeline run p.yaml --out piped");
  expect(code, screen).toBe(0);
  expect(screen).not.toContain("\x1b");
  expect(screen).toMatch(/\[2\/2\] still\/a saved task_\w+ -> still\/a\.png/);
}, 60_000);
