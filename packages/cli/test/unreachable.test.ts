// `monet wait` against an address that refuses connections ends after UNREACHABLE_POLLS failed
// polls in a row (exit 6, connection_error) with the command that waits again, instead of
// retrying for the client's 30 minutes (the audit's F13; `get` gives up after its retries).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { UNREACHABLE_POLLS } from "../src/unreachable.ts";
import { monet } from "./run.ts";

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
const run = (args: string[]) => monet(args, { cwd: dir, env: { MONET_API_KEY: "monet_cli_test", MONET_BASE_URL: url, MONET_POLL_INTERVAL: "10" } });

test("wait with no connection: gives up after the bound, exit 6, with the command that waits again", async () => {
  const text = await run(["wait", "task_gone", "--out", "out"]);
  expect(text.code, text.stderr).toBe(6);
  const lines = text.stderr.trim().split("\n");
  // Each failed poll before the bound is said; the last line is the command, alone.
  expect(lines.filter((l) => l.startsWith("retrying wait task_gone"))).toHaveLength(UNREACHABLE_POLLS - 1);
  expect(lines.at(-2)).toMatch(
    new RegExp(`^error: no connection to the API for ${UNREACHABLE_POLLS} polls of task task_gone in a row \\(last: Connection failed: .*ECONNREFUSED`),
  );
  expect(lines.at(-1)).toMatch(/ wait task_gone --out out$/);

  const json = await run(["--json", "wait", "task_gone", "--out", "out"]);
  expect(json.code).toBe(6);
  expect(json.stdout).toBe("");
  const { error } = JSON.parse(json.stderr.trim().split("\n").at(-1) ?? "");
  expect(error).toMatchObject({ code: "connection_error", taskId: "task_gone", retryable: true, exitCode: 6 });
  expect(error.resume).toMatch(/ wait task_gone --out out --json$/);
}, 120_000);
