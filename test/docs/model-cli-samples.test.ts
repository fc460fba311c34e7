// Each model entry of the model guide gives its call as a `monet generate` line beside the curl
// and TypeScript samples (a terminal user had to turn the JSON input into flags by hand). Each
// line, run as copied against the mock (only `npx -y @monet-ai/cli` resolved to this checkout's
// CLI, as npx resolves it to the installed copy), creates the task, waits and saves the output;
// and it sends the spec's example input for its model, field by field.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const TYPES = { video: "VideoInput", image: "ImageInput", music: "MusicInput" } as const;
const CLI = path.join(repoRoot, "packages/cli/dist/cli.js");

/** Every model the spec lists, with its type and the example input its entry's samples send. */
const models = Object.entries(TYPES).flatMap(([type, union]) =>
  spec.components.schemas[union].oneOf.map((ref: { $ref: string }) => {
    const schema = spec.components.schemas[ref.$ref.split("/").at(-1)!];
    const example = schema.examples[0] as Record<string, unknown>;
    return { type, id: example.model as string, example };
  }),
);

/** The `sh` blocks of a model guide page that call the CLI's generate, by the model they name. */
function cliLines(type: string): Map<string, string> {
  const page = fs.readFileSync(path.join(repoRoot, "docs/models", `${type}.md`), "utf8");
  const blocks = [...page.matchAll(/^```sh\n(npx -y @monet-ai\/cli generate [\s\S]*?)\n```$/gm)].map((m) => m[1]);
  return new Map(blocks.map((b) => [b.match(/--model (\S+)/)![1], b]));
}

let mock: MockServer;
const dirs: string[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(async () => {
  await mock?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs `line` in bash in a fresh folder, `npx -y @monet-ai/cli` being `run` (a command line). */
function bash(line: string, run: string): Promise<{ code: number; out: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-cli-sample-"));
  dirs.push(dir);
  const shim = `npx() { [ "$1 $2" = "-y @monet-ai/cli" ] || { echo "not the CLI: $*" >&2; return 97; }; shift 2; ${run} "$@"; }\n`;
  const env = { PATH: process.env.PATH!, HOME: dir, MONET_BASE_URL: mock.url, MONET_API_KEY: "monet_docs_sample_key", MONET_POLL_INTERVAL: "50" };
  return new Promise((resolve) =>
    execFile("bash", ["-c", shim + line], { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr, dir }),
    ),
  );
}

test("every model entry has one CLI line, which passes the spec's example input as flags", async () => {
  for (const { type, id, example } of models) {
    const line = cliLines(type).get(id);
    expect(line, `${type} ${id}: no monet generate line`).toBeDefined();
    // The words bash hands the CLI, printed as JSON instead of run.
    const { code, out } = await bash(line!, `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' --`);
    expect(code, out).toBe(0);
    const { model, ...fields } = example;
    const expected = [
      "generate",
      type,
      "--model",
      model,
      ...Object.entries(fields).flatMap(([k, v]) => [`--${k.replace(/_/g, "-")}`, ...[v].flat().map(String)]),
    ];
    expect(JSON.parse(out), id).toEqual(expected);
  }
}, 240_000);

test("every model entry's CLI line runs as copied against the mock: the task succeeds and its output is saved", async () => {
  for (const { type, id } of models) {
    const { code, out, dir } = await bash(cliLines(type).get(id)!, `node ${JSON.stringify(CLI)}`);
    expect(code, `${id}: ${out}`).toBe(0);
    expect(out, id).toMatch(/^done: task_/m);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("task_")).length, `${id}: ${out}`).toBeGreaterThan(0);
  }
}, 600_000);
