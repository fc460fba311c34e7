// s15 audit finding 8: an output over the download cap was refused "(raise maxBytes / --max-bytes)",
// but `pipeline run` had no --max-bytes ("unknown option"), and the summary said "Run the same
// command again", which downloads up to the cap again and fails the same way. Now pipeline run
// takes --max-bytes, and an output over the cap is told to take a larger one: the manifest marks it
// (cause too-large) and the `done` event's next step is "raise maxBytes", not "rerun".
// Subprocesses against the mock, started and stopped here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { monet as run } from "./run.ts";

let mock: MockServer;
let cwd: string;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 100 });
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-pipeline-large-"));
  fs.writeFileSync(
    path.join(cwd, "one.yaml"),
    "name: large\nitems: [{ id: a }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: a kite } }\n",
  );
});
afterAll(async () => {
  await mock?.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_cli_pipeline_large", MONET_BASE_URL: mock.url } });

test("an output over --max-bytes: the advice is a larger --max-bytes, not the same command again; a larger one saves it", async () => {
  const small = await monet(["pipeline", "run", "one.yaml", "--out", "out", "--max-bytes", "10"]);
  expect(small.code, small.stderr).toBe(1);
  expect(small.stderr).toContain("1 task: 0 succeeded, 1 failed, 0 skipped.");
  expect(small.stderr).toMatch(/more than 10 \(raise maxBytes \/ --max-bytes\)/);
  expect(small.stderr).toContain(
    "1 output was larger than --max-bytes: the same command downloads it again up to the cap and fails the same way. Run it with a larger --max-bytes",
  );
  expect(small.stderr).not.toContain("Run the same command again");
  const m = JSON.parse(fs.readFileSync(path.join(cwd, "out", "manifest.json"), "utf8"));
  expect(m.tasks[0]).toMatchObject({ status: "failed", cause: "too-large", ended: "success" });

  // The --json stream's last event says the same to a program.
  const json = await monet(["--json", "pipeline", "run", "one.yaml", "--out", "out", "--max-bytes", "10"]);
  const events = json.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(events.at(-1)).toMatchObject({ type: "done", next: ["raise maxBytes"] });

  // The task is not created again: only the download is retried, with the larger cap.
  const fine = await monet(["pipeline", "run", "one.yaml", "--out", "out", "--max-bytes", "100000000"]);
  expect(fine.code, fine.stderr).toBe(0);
  expect(fine.stderr).toContain("1 task: 1 succeeded, 0 failed, 0 skipped.");
  expect(fine.stderr).toMatch(/still\/a reused/);
});
