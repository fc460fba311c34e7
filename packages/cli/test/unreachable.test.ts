// `monet wait` and `monet generate` against an API that cannot be reached end after the client's
// maxUnreachablePolls polls in a row with no connection (exit 6, connection_error) with the command
// that waits again, instead of retrying for the client's 30 minutes (the audit's F13; `get` gives
// up after its retries). The bound is the client's own (one rule for wait, run and stream).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { retryPolicy } from "@monet-ai/client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startHostile } from "../../../test/support/hostile.ts";
import { monet } from "./run.ts";

const POLLS = retryPolicy().maxUnreachablePolls;
let dir: string;
let url: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-unreachable-"));
  // A loopback port that was free and is closed again: every connection to it is refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const run = (args: string[], base = url) =>
  monet(args, { cwd: dir, env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: base, MONET_POLL_INTERVAL: "10" } });

// Each run waits out the client's backoff between polls (random, at most 8 s each): the budget
// holds the worst case of the bound's polls and their retries, twice over.
const budget = 240_000;

test(
  "wait with no connection: gives up after the client's bound, exit 6, with the command that waits again",
  async () => {
    const [text, json] = await Promise.all([run(["wait", "task_gone", "--out", "out"]), run(["--json", "wait", "task_gone", "--out", "out"])]);
    expect(text.code, text.stderr).toBe(6);
    const lines = text.stderr.trim().split("\n");
    // Each failed poll before the bound is said; the last line is the command, alone.
    expect(lines.filter((l) => l.startsWith("retrying wait task_gone"))).toHaveLength(POLLS - 1);
    expect(lines.at(-2)).toMatch(
      new RegExp(`^error: no connection to the API for ${POLLS} polls of task task_gone in a row \\(last: Connection failed: .*ECONNREFUSED`),
    );
    expect(lines.at(-1)).toMatch(/ wait task_gone --out out$/);

    expect(json.code).toBe(6);
    expect(json.stdout).toBe("");
    const { error } = JSON.parse(json.stderr.trim().split("\n").at(-1) ?? "");
    expect(error).toMatchObject({ code: "connection_error", taskId: "task_gone", retryable: true, exitCode: 6 });
    expect(error.resume).toMatch(/ wait task_gone --out out --json$/);
  },
  budget,
);

test(
  "generate whose API goes away mid-stream: the stream's polling ends at the same bound, exit 6, with the command that waits again",
  async () => {
    const pending = { id: "task_cut", type: "image", status: "pending", outputs: [], created_at: "2026-01-01T00:00:00Z" };
    // Names the task, then goes away: the connection is cut and the port refuses from then on.
    const api = await startHostile((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: pending })}\n\n`, () => void api.close());
    });
    const r = await run(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "a lighthouse", "--out", "out"], api.url);
    expect(r.code, r.stderr).toBe(6);
    const lines = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === "retrying" && l.what === "wait task_cut")).toHaveLength(POLLS - 1);
    const { error } = lines.at(-1);
    expect(error).toMatchObject({ code: "connection_error", taskId: "task_cut", exitCode: 6 });
    expect(error.message).toMatch(new RegExp(`^no connection to the API for ${POLLS} polls of task task_cut in a row`));
    expect(error.resume).toMatch(/ wait task_cut --out out --json$/);
  },
  budget,
);
