// `monet api createTaskStream` follows a paid task: Ctrl-C (SIGINT) or SIGTERM while it streams
// names that task and the command that waits for it, as generate and wait do, exit 130/143
// (s22 audit F1: it died silently, the task unnamed). Against a mock whose tasks outlast the test.
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { bin, lastLine } from "./run.ts";

const bench = mockBench("api-int", { taskDuration: 600_000 });

const body = JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "a stream" } });

/** Starts the stream, signals once stdout has the `created` event (polled), collects the rest. */
async function interruptStream(json: boolean, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [bin, ...(json ? ["--json"] : []), "api", "createTaskStream", "--body", body], {
    cwd: bench.cwd,
    env: { ...process.env, MONET_API_KEY: "monet_cli_api_int", MONET_BASE_URL: bench.mock.url },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  for (let i = 0; !stdout.includes('"created"'); i++) {
    if (i > 600) {
      child.kill("SIGKILL");
      throw new Error(`never created: ${stdout} ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(signal);
  return { code: await closed, stdout, stderr };
}

test.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)(
  "%s while `monet api createTaskStream` streams: the task and the command that waits for it, exit %i",
  async (signal, code) => {
    const human = await interruptStream(false, signal);
    const id = JSON.parse(human.stdout.split("\n")[0]).task.id;
    expect(human.code, human.stderr).toBe(code);
    expect(human.stderr).toContain(`interrupted (${signal}): task ${id} goes on at the API`);
    expect(lastLine(human.stderr)).toBe(`monet wait ${id} --out .`);

    const json = await interruptStream(true, signal);
    expect(json.code, json.stderr).toBe(code);
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const jsonId = lines[0].task.id;
    // The stream's events, then one line that says it stopped and how to go on; stderr stays empty.
    expect(lines.at(-1)).toEqual({ interrupted: true, signal, taskId: jsonId, resume: `monet wait ${jsonId} --out . --json` });
    expect(json.stderr).toBe("");
  },
  60_000,
);
