// s21's disk-full stop (reason "disk") as the CLI says it: the message naming the folder's disk
// and ENOSPC, exit 1 (space must be freed first, no retry later helps), and the same command to
// resume on the last line (`resume` with --json). The library's behaviour is tested in
// @monet-ai/pipeline; this is the command, on a real small disk: a 16 KiB tmpfs mounted over the
// output folder in a mount namespace of its own (unshare: no root needed, nothing left mounted).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bin, lastLine } from "./run.ts";

let mock: MockServer;
let cwd: string;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 100 });
  cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-disk-")));
  const items = Array.from({ length: 40 }, (_, i) => `{ id: i${i}, p: "p${i}" }`).join(", ");
  fs.writeFileSync(
    path.join(cwd, "many.yaml"),
    `name: many\nconcurrency: 4\nitems: [${items}]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }\n`,
  );
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

/** `monet [args] pipeline run many.yaml --out <disk>/out` with <disk> a full-soon tmpfs. */
function onSmallDisk(args: string[], disk: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  fs.mkdirSync(disk);
  const script = 'mount -t tmpfs -o size=16k tmpfs "$0" && shift && exec "$@"';
  const child = spawn("unshare", ["-rm", "sh", "-c", script, disk, process.execPath, bin, ...args, "pipeline", "run", "many.yaml", "--out", `${disk}/out`], {
    cwd,
    env: { ...process.env, MONET_API_KEY: "monet_cli_disk", MONET_BASE_URL: mock.url, MONET_POLL_INTERVAL: "50" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

test("a full disk under --out: exit 1, the disk named with ENOSPC, the same command to resume on the last line", async () => {
  const disk = path.join(cwd, "disk-text");
  const r = await onSmallDisk([], disk);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`the pipeline stopped: the disk of ${disk}/out is full \\(.*ENOSPC`));
  expect(r.stderr).toContain("Nothing more was created.");
  expect(r.stderr).toContain("Once there is space on it, run the same command to resume");
  // Where what was saved is: the manifest when the disk had room for it, else the journal.
  expect(r.stderr).toMatch(
    new RegExp(`What was saved is listed in ${disk}/out/manifest\\.json\\.|the journal ${disk}/out/\\.pipeline/journal\\.jsonl records every task created`),
  );
  expect(lastLine(r.stderr)).toBe(`monet pipeline run many.yaml --out ${disk}/out`);
}, 120_000);

test("with --json: a stopped event with reason disk, and one error object with exitCode 1 and the resume", async () => {
  const disk = path.join(cwd, "disk-json");
  const r = await onSmallDisk(["--json"], disk);
  expect(r.code, r.stderr).toBe(1);
  const last = JSON.parse(lastLine(r.stdout));
  expect(last).toMatchObject({ type: "stopped", reason: "disk" });
  expect(last.summary.unfinished).toBeGreaterThan(0);
  // Where what was saved is said: the journal always, the manifest when the disk had room for it.
  expect(last.journal).toBe(`${disk}/out/.pipeline/journal.jsonl`);
  expect([null, `${disk}/out/manifest.json`]).toContain(last.manifest);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  const { error } = JSON.parse(lines[0]);
  expect(error).toMatchObject({ code: "disk_full", exitCode: 1, retryable: false, resume: `monet --json pipeline run many.yaml --out ${disk}/out` });
  expect(error.message).toContain("ENOSPC");
  expect(error).toMatchObject({ journal: last.journal, manifest: last.manifest });
}, 120_000);
