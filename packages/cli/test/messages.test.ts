// A new user's audit of the CLI's messages: each says what is wrong and what to type instead, with
// the allowed values from the catalog, and bad usage is exit 2. Subprocesses against the mock.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { startMockServer } from "@monet-ai/mock";
import { getModel, listModels } from "@monet-ai/models";
import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { monet as run } from "./run.ts";

const bench = mockBench("messages", { taskDuration: 300 });

const env = (extra: Record<string, string> = {}) => ({ MONET_API_KEY: "monet_cli_messages", MONET_BASE_URL: bench.mock.url, ...extra });
const monet = (args: string[], extra: Record<string, string> = {}) => run(args, { cwd: bench.cwd, env: env(extra) });
/** "5, 10 or 15" */
const choices = (v: readonly unknown[]) => `${v.slice(0, -1).join(", ")} or ${v.at(-1)}`;

test("no key with --base-url at the mock: any key works there (monet_test), and --base-url is not suggested again", async () => {
  const r = await monet(["--base-url", bench.mock.url, "list"], { MONET_API_KEY: "", MONET_BASE_URL: "" });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(
    `error: no API key. Set MONET_API_KEY: --base-url ${bench.mock.url} is local (the mock?), where any monet_... key works (MONET_API_KEY=monet_test)\n`,
  );
  expect(r.stderr).not.toContain("use --base-url");
  // The same from MONET_BASE_URL.
  const fromEnv = await monet(["list"], { MONET_API_KEY: "" });
  expect(fromEnv.code).toBe(2);
  expect(fromEnv.stderr).toContain(`MONET_BASE_URL ${bench.mock.url} is local`);
  expect(fromEnv.stderr).toContain("MONET_API_KEY=monet_test");
  // A real API given: only the key, no mock and no --base-url.
  const real = await monet(["--base-url", "https://api.example.com", "list"], { MONET_API_KEY: "" });
  expect(real.stderr.trim()).toBe("error: no API key. Set MONET_API_KEY=monet_... (get one at https://monet.vision/skills/keys)");
  // No base at all: the mock is offered, with the key it takes and its --base-url.
  const none = await monet(["list"], { MONET_API_KEY: "", MONET_BASE_URL: "" });
  expect(none.stderr).toContain("MONET_API_KEY=monet_test and --base-url http://127.0.0.1:4020");
  // pipeline run says the same, exit 2 (the client's "pass { apiKey }" was exit 1).
  fs.writeFileSync(path.join(bench.cwd, "one.yaml"), "name: one\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: x } }\n");
  const pipe = await monet(["--base-url", bench.mock.url, "pipeline", "run", "one.yaml", "--out", "out-nokey"], { MONET_API_KEY: "" });
  expect(pipe.code).toBe(2);
  expect(pipe.stderr).toContain("MONET_API_KEY=monet_test");
  expect(pipe.stderr).not.toContain("apiKey");
});

test("a model of another type: 'an image', the type it is and the command to use", async () => {
  const sora = getModel("video", "sora-2")!;
  const r = await monet(["generate", "image", "--model", sora.id, "--prompt", "x"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`error: ${sora.id} is a video model, not an image model: monet generate video --model ${sora.id} ...\n`);
  const unknown = await monet(["generate", "image", "--model", "no-such-model", "--prompt", "x"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("error: no-such-model is not an image model; run monet models --type image");
});

test("a mistyped model id: did you mean the close ones, of the type asked for", async () => {
  const swapped = await monet(["generate", "image", "--model", "flux-2-dve", "--prompt", "x"]);
  expect(swapped.code).toBe(2);
  expect(swapped.stderr).toBe("error: flux-2-dve is not an image model; did you mean flux-2-dev? See monet --help.\n");
  const show = await monet(["models", "show", "Sora2"]);
  expect(show.code).toBe(2);
  expect(show.stderr).toMatch(/^error: no model Sora2; did you mean sora-2\?/);
});

test("a mistyped flag: did you mean the closest of the model's inputs and the command's own flags", async () => {
  const promt = await monet(["generate", "video", "--model", "kling-2-6", "--promt", "a cat"]);
  expect(promt.code).toBe(2);
  expect(promt.stderr).toMatch(/^error: --promt is not an input of kling-2-6 \(did you mean --prompt\?\); its inputs are --prompt, /);
  const out = await monet(["generate", "video", "--model", "kling-2-6", "--prompt", "a cat", "--ouut", "clips"]);
  expect(out.stderr).toMatch(/^error: --ouut is not an input of kling-2-6 \(did you mean --out\?\)/);
});

/** The long flags a command's --help lists (its options and the global ones): what its parser accepts. */
const helpFlags = (help: string) => [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][\w-]*)/gm)].map((m) => m[1]);

test("a mistyped flag: the suggestion is among what the error lists, and the list is every flag generate accepts (text and --json)", async () => {
  const model = getModel("video", "kling-2-6");
  const inputs = model?.fields.map((f) => `--${f.name.replace(/_/g, "-")}`) ?? [];
  const own = helpFlags((await monet(["generate", "video", "--help"])).stdout);
  expect(own).toEqual(expect.arrayContaining(["--out", "--no-wait", "--wait-timeout", "--json", "--base-url", "--help"]));
  const args = ["generate", "video", "--model", "kling-2-6", "--prompt", "a cat", "--ouut", "clips"];
  const text = await monet(args);
  expect(text.code).toBe(2);
  for (const flag of [...inputs, ...own]) expect(text.stderr, flag).toContain(flag);
  const json = await monet(["--json", ...args]);
  const error = JSON.parse(json.stderr.trim()).error;
  expect(error).toMatchObject({ code: "unknown_flag", field: "--ouut" });
  expect(new Set(error.allowed)).toEqual(new Set([...inputs, ...own]));
  expect(error.message).toContain("did you mean --out?");
  // Every flag suggested anywhere is one the list names.
  for (const typo of ["--ouut", "--jsno", "--overwirte", "--promt"]) {
    const r = JSON.parse((await monet(["--json", "generate", "video", "--model", "kling-2-6", typo, "x"])).stderr.trim()).error;
    const meant = /did you mean (.+)\?\)/.exec(r.message)?.[1].split(" or ") ?? [];
    expect(meant.length, typo).toBeGreaterThan(0);
    for (const m of meant) expect(r.allowed, `${typo}: ${m}`).toContain(m);
  }
});

test("monet api: a mistyped flag is suggested from, and answered with, every flag the operation's command accepts", async () => {
  const own = helpFlags((await monet(["api", "--help"])).stdout);
  expect(own).toEqual(expect.arrayContaining(["--body", "--any-file", "--json", "--base-url", "--help"]));
  const r = await monet(["--json", "api", "getTask", "--task-id", "task_x", "--jsno"]);
  expect(r.code).toBe(2);
  const error = JSON.parse(r.stderr.trim()).error;
  expect(error).toMatchObject({ code: "unknown_flag", field: "--jsno" });
  expect(error.message).toContain("did you mean --json?");
  // getTask takes no body: --body is not offered.
  expect(new Set(error.allowed)).toEqual(new Set(["--task-id", ...own.filter((f) => f !== "--body")]));
  const typo = await monet(["api", "getTask", "--taskid", "x"]);
  expect(typo.stderr).toMatch(/did you mean --task-id\?/);
  for (const flag of ["--task-id", "--any-file", "--json", "--base-url"]) expect(typo.stderr, flag).toContain(flag);
  const create = JSON.parse((await monet(["--json", "api", "createTask", "--bdy", "{}"])).stderr.trim()).error;
  expect(create.message).toContain("did you mean --body?");
  expect(create.allowed).toContain("--body");
});

test("monet models: an unknown --feature, --provider or --type is exit 2 naming the catalog's values", async () => {
  const features = [...new Set(listModels().flatMap((m) => m.features))].sort();
  const r = await monet(["models", "--feature", "audo"]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`error: --feature must be one of ${features.join(", ")} (got "audo")`);
  const providers = [...new Set(listModels().map((m) => m.provider))].sort();
  const p = await monet(["models", "--provider", "Gogle"]);
  expect(p.code).toBe(2);
  expect(p.stderr).toContain(`error: --provider must be one of ${providers.join(", ")} (got "Gogle")`);
  const t = await monet(["models", "--type", "vidoe"]);
  expect(t.code).toBe(2);
  // Known values still filter; providers in any case.
  const ok = await monet(["--json", "models", "--provider", providers[0].toUpperCase(), "--feature", features[0]]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(JSON.parse(ok.stdout).map((m: { id: string }) => m.id)).toEqual(
    listModels({ provider: providers[0], feature: features[0] as never }).map((m) => m.id),
  );
});

test("a bare boolean flag is true (last, or before another flag); --generate-audio false still sends false; help says so", async () => {
  const m = listModels({ type: "video" }).find((x) => x.fields.some((f) => f.name === "generate_audio" && f.kind === "boolean"))!;
  // What the CLI sends, seen on the way to the mock.
  const sent: Record<string, unknown>[] = [];
  const recorder = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === "POST") sent.push(JSON.parse(body.toString()).input);
    const upstream = await fetch(new URL(req.url!, bench.mock.url), {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "POST" ? body : undefined,
    });
    res
      .writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" })
      .end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((r) => recorder.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  try {
    for (const args of [
      ["--prompt", "x", "--generate-audio"],
      ["--generate-audio", "--prompt", "x"],
      ["--prompt", "x", "--generate-audio", "false"],
      ["--prompt", "x", "--generate-audio=false"],
    ]) {
      const r = await monet(["generate", "video", "--model", m.id, ...args, "--no-wait"], { MONET_BASE_URL: base });
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
    }
  } finally {
    await new Promise((r) => recorder.close(r));
  }
  expect(sent.map((i) => i.generate_audio)).toEqual([true, true, false, false]);
  expect(sent.every((i) => i.prompt === "x")).toBe(true);
  const help = await monet(["generate", "video", "--model", m.id, "--help"]);
  expect(help.stdout).toContain("--generate-audio [true|false]");
  expect(help.stdout).toContain("A boolean flag alone is true (--generate-audio); --generate-audio false turns it off.");
  // An enum flag with no value lists its values.
  const duration = m.fields.find((f) => f.name === "duration" && f.enum);
  if (duration) {
    const d = await monet(["generate", "video", "--model", m.id, "--prompt", "x", "--duration"]);
    expect(d.stderr).toContain(`error: --duration needs a value: one of ${duration.enum!.join(", ")}`);
  }
});

test("durations: the allowed values of an enum (10 or 15 s), a range only for min/max, a fixed one once", async () => {
  const r = await monet(["models", "--type", "video"]);
  expect(r.code).toBe(0);
  let enums = 0;
  let ranges = 0;
  for (const m of listModels({ type: "video" })) {
    const row = r.stdout.split("\n").find((l) => l.startsWith(`${m.id} `))!;
    const field = m.fields.find((f) => f.name === "duration");
    const d = m.durationSeconds;
    if (field?.enum) {
      enums++;
      expect(row).toContain(` ${choices(field.enum)} s `);
      expect(row).not.toMatch(/\d+-\d+ ?s/);
    } else if (d && !field && m.fields.some((f) => f.name === "videos")) {
      // No duration field: the length is the reference video's, not a range to pick from.
      expect(row).toContain(` follows the reference video (${d.min}-${d.max} s) `);
    } else if (d && d.min !== d.max) {
      ranges++;
      expect(row).toContain(` ${d.min}-${d.max} s `);
    } else if (d) expect(row).toContain(` ${d.min} s `);
  }
  expect(enums).toBeGreaterThan(0);
  expect(ranges).toBeGreaterThan(0);
  const sora = getModel("video", "sora-2")!;
  const show = await monet(["models", "show", sora.id]);
  expect(show.stdout).toContain(`\nduration: ${choices(sora.fields.find((f) => f.name === "duration")!.enum!)} s\n`);
});

test("with the API down the run stops (exit 6) and a plain rerun resumes; --retry-failed only for tasks the API failed (exit 5)", async () => {
  fs.writeFileSync(path.join(bench.cwd, "two.yaml"), "name: two\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: a kite } }\n");
  const down = await startMockServer({ port: 0 });
  const url = down.url;
  await down.close();
  const r = await monet(["--base-url", url, "pipeline", "run", "two.yaml", "--out", "out-down"]);
  // s13 CLI audit M1: no connection stops the run with the CLI's code for it, and the command that resumes.
  expect(r.code).toBe(6);
  expect(r.stderr).toContain("error: the pipeline stopped: Connection failed");
  expect(r.stderr).toContain("never created twice");
  expect(r.stderr.trim().split("\n").at(-1)).toBe(`monet --base-url ${url} pipeline run two.yaml --out out-down`);
  expect(r.stderr).not.toContain("--retry-failed");
  // The same run with the API up: the rerun creates it.
  const again = await monet(["pipeline", "run", "two.yaml", "--out", "out-down"]);
  expect(again.code, again.stderr).toBe(0);

  fs.writeFileSync(path.join(bench.cwd, "fail.yaml"), 'name: fail\nsteps:\n  s: { type: image, input: { model: flux-2-dev, prompt: "[fail] a kite" } }\n');
  const failed = await monet(["pipeline", "run", "fail.yaml", "--out", "out-fail"]);
  expect(failed.code).toBe(5);
  expect(failed.stderr).toContain("1 task failed at the API: a plain rerun reports it again; add --retry-failed to create it again");
  expect(failed.stderr).not.toContain("Run the same command again");
});

test("a base URL without its scheme is exit 2 naming --base-url (or MONET_BASE_URL) and the URL meant; nothing is sent", async () => {
  const before = bench.mock.state.tasks.size;
  const r = await monet(["--base-url", "127.0.0.1:4731", "list"], { MONET_BASE_URL: "" });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('error: --base-url must be an http(s) URL such as http://127.0.0.1:4731 (got "127.0.0.1:4731"). Nothing was sent.');
  // Checked before the key: no key and a bad URL names the URL first.
  const noKey = await monet(["--base-url", "127.0.0.1:4731", "list"], { MONET_API_KEY: "" });
  expect(noKey.stderr).toContain("--base-url must be an http(s) URL");
  const fromEnv = await monet(["get", "task_x"], { MONET_BASE_URL: "localhost:4731" });
  expect(fromEnv.code).toBe(2);
  expect(fromEnv.stderr).toContain('error: MONET_BASE_URL must be an http(s) URL such as http://localhost:4731 (got "localhost:4731")');
  const other = await monet(["--base-url", "mock", "generate", "image", "--model", "flux-2-dev", "--prompt", "x", "--no-wait"]);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain('--base-url must be an http(s) URL such as http://127.0.0.1:4020 (got "mock")');
  const pipe = await monet(["--base-url", "127.0.0.1:4731", "pipeline", "run", "one.yaml", "--out", "out-badurl"]);
  expect(pipe.code).toBe(2);
  expect(pipe.stderr).toContain("--base-url must be an http(s) URL such as http://127.0.0.1:4731");
  expect(bench.mock.state.tasks.size).toBe(before);
});
