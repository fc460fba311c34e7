// s13 audit M5, M3, L1, L4, L8: what an agent driving `monet --json` can read without parsing
// English: a missing command is bad usage (exit 2), every error has a `code` (and the field
// problems as `issues`), a repeated flag or a flag that does nothing is refused.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { getModel } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jsonError, monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-usage-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[], env: Record<string, string> = {}) => run(args, { cwd, env: { MONET_API_KEY: "monet_cli_usage_key", ...env } });

test("M5: `monet --json` and `monet pipeline --json` with no command: exit 2, the JSON error naming the commands", async () => {
  const top = await monet(["--json"]);
  expect(top.code).toBe(2);
  expect(top.stdout).toBe("");
  const e = jsonError(top.stderr);
  expect(e).toMatchObject({ type: "UsageError", exitCode: 2, retryable: false });
  for (const c of ["models", "generate", "wait", "pipeline", "api"]) expect(e.message).toContain(c);
  const pipeline = await monet(["pipeline", "--json"]);
  expect(pipeline.code).toBe(2);
  expect(pipeline.stdout).toBe("");
  expect(jsonError(pipeline.stderr).message).toMatch(/monet pipeline <command>, one of run/);
  // Without --json, the help as before (a person sees what to type).
  const human = await monet([]);
  expect(human.stderr).toContain("Usage: monet");
});

/** A loopback server answering every request with `status` and `body`, for the test's length. */
async function answering(status: number, body: unknown) {
  const server = http.createServer((_req, res) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test("M3: every --json error has a code; the field at fault and what it allows; the client's issues and the API's 422 details passed through", async () => {
  // A value the catalog refuses: invalid_value, with the client's issues (path, message, allowed).
  const duration = getModel("video", "sora-2")?.fields.find((f) => f.name === "duration");
  expect(duration?.enum?.length).toBeGreaterThan(1);
  const bad = await monet(["--json", "generate", "video", "--model", "sora-2", "--prompt", "x", "--duration", "7"]);
  expect(bad.code).toBe(2);
  const e = jsonError(bad.stderr);
  expect(e).toMatchObject({ type: "InputValidationError", code: "invalid_value", issues: [{ path: "input.duration", allowed: duration?.enum }] });
  expect(e.issues[0].message).toContain("input.duration");
  // The CLI's own checks: the flag and what it allows.
  const flag = jsonError((await monet(["--json", "generate", "video", "--model", "sora-2", "--prompt", "x", "--colour", "red"])).stderr);
  expect(flag).toMatchObject({ code: "unknown_flag", field: "--colour" });
  expect(flag.allowed).toContain("--prompt");
  const feature = jsonError((await monet(["--json", "models", "--feature", "nope"])).stderr);
  expect(feature).toMatchObject({ code: "invalid_value", field: "--feature" });
  expect(feature.allowed.length).toBeGreaterThan(0);
  // Commander's own errors.
  expect(jsonError((await monet(["--json", "list", "--bogus"])).stderr)).toMatchObject({ type: "UsageError", code: "unknown_flag" });
  expect(jsonError((await monet(["--json", "get"])).stderr)).toMatchObject({ code: "missing_argument" });
  expect(jsonError((await monet(["--json", "nosuch"])).stderr)).toMatchObject({ code: "unknown_command" });
  expect(jsonError((await monet(["--json", "get", "task_1"], { MONET_API_KEY: "" })).stderr)).toMatchObject({ code: "missing_key" });
  // No connection: connection_error (a port that was just closed).
  const gone = await answering(200, {});
  await gone.close();
  const refused = await monet(["--json", "--base-url", gone.url, "get", "task_1"]);
  expect(refused.code).toBe(6);
  expect(jsonError(refused.stderr)).toMatchObject({ type: "APIConnectionError", code: "connection_error", retryable: true });
  // The API's 422: its code, and its details as it sent them.
  const details = [{ field: "input.duration", message: "must be one of 10, 15" }];
  const api = await answering(422, { error: { code: "validation_error", message: "Invalid input", details } });
  try {
    const r = await monet(["--json", "--base-url", api.url, "get", "task_1"]);
    expect(r.code).toBe(2);
    expect(jsonError(r.stderr)).toMatchObject({ status: 422, code: "validation_error", details });
  } finally {
    await api.close();
  }
}, 60_000);

test("L3: the help footer lists the same error fields as the README's table", async () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
  const table = readme.slice(readme.indexOf("| field | what it holds |"));
  const documented = [...table.slice(0, table.indexOf("\n\n")).matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
  expect(documented.length).toBeGreaterThan(10);
  const help = (await monet(["--help"])).stdout;
  const listed = help.match(/\{"error": \{([^}]*)\}\}/)?.[1];
  expect(
    listed
      ?.replace(/\s+/g, " ")
      .match(/"(\w+)"/g)
      ?.map((f) => f.slice(1, -1)),
  ).toEqual(documented);
});

test("L1: a 409 (a key reused with another input) and a 413 are exit 2, fix the command", async () => {
  for (const [status, code] of [
    [409, "conflict"],
    [413, "payload_too_large"],
  ] as const) {
    const api = await answering(status, { error: { code, message: "refused" } });
    try {
      const r = await monet(["--json", "--base-url", api.url, "get", "task_1"]);
      expect(r.code, r.stderr).toBe(2);
      expect(jsonError(r.stderr)).toMatchObject({ status, code, retryable: false, exitCode: 2 });
    } finally {
      await api.close();
    }
  }
});

test("L4: a flag that takes one value, given twice, is exit 2 naming it: the CLI's flags, a model's, monet api's", async () => {
  for (const args of [
    ["list", "--page", "1", "--page", "2"],
    ["generate", "image", "--model", "flux-2-dev", "--prompt", "a", "--prompt", "b"],
    ["generate", "image", "--model", "flux-2-dev", "--prompt", "a", "--out", "x", "--out", "y"],
    ["api", "listTasks", "--page", "1", "--page=2"],
  ]) {
    const r = await monet(["--json", ...args]);
    expect(r.code, args.join(" ")).toBe(2);
    const e = jsonError(r.stderr);
    expect(e).toMatchObject({ type: "UsageError", code: "repeated_flag" });
    expect(e.message).toContain(`${e.field} was given twice`);
  }
  // A list flag may still repeat (`--image a.png --image b.png`): not refused as given twice.
  const list = await monet(
    ["--json", "generate", "video", "--model", "sora-2", "--prompt", "x", "--images", "https://a.test/1.png", "--images", "https://a.test/2.png"],
    {
      MONET_API_KEY: "",
    },
  );
  expect(jsonError(list.stderr).code).not.toBe("repeated_flag");
});

test("L8: --no-wait with --out, --max-bytes, --overwrite or --wait-timeout is exit 2 (they would do nothing), before anything is sent", async () => {
  for (const extra of [["--out", "x"], ["--max-bytes", "5"], ["--overwrite"], ["--wait-timeout", "5"]]) {
    const r = await monet(["--json", "--base-url", "http://127.0.0.1:9", "generate", "image", "--model", "flux-2-dev", "--prompt", "a", "--no-wait", ...extra]);
    expect(r.code, extra.join(" ")).toBe(2);
    expect(jsonError(r.stderr)).toMatchObject({ code: "unexpected_argument", field: extra[0] });
  }
});
