import { expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { spec } from "../../../test/support/spec.ts";
import { mockBench } from "./mock-bench.ts";
import { jsonError, monet } from "./run.ts";

const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;
const SORA_RATIOS: string[] = spec.components.schemas.VideoSora2Input.properties.aspect_ratio.enum;

const bench = mockBench("field");

const run = (...args: string[]) => monet(["--json", ...args], { cwd: bench.cwd, env: { MONET_API_KEY: "monet_cli_field", MONET_BASE_URL: bench.mock.url } });

test.each([
  ["a list flag out of bounds", ["list", "--page-size", "0"], { field: "--page-size" }],
  [
    "a model input outside its choices",
    ["generate", "video", "--model", "sora-2", "--prompt", "p", "--duration", "7"],
    { field: "--duration", allowed: SORA_DURATION },
  ],
  [
    "a model input of two words",
    ["generate", "video", "--model", "sora-2", "--prompt", "p", "--aspect-ratio", "1:9"],
    { field: "--aspect-ratio", allowed: SORA_RATIOS },
  ],
  ["a task id that is not one path segment", ["get", "../x"], { field: "id" }],
  ["a task id to wait for", ["wait", "../x", "--out", "o"], { field: "id" }],
])("%s: --json error names the flag as typed and what it allows", async (_, args, expected) => {
  const before = bench.mock.state.tasks.all().length;
  const r = await run(...args);
  expect(r.code, r.stderr).toBe(2);
  expect(jsonError(r.stderr)).toMatchObject({ code: "invalid_value", ...expected });
  expect(bench.mock.state.tasks.all().length).toBe(before);
});

test("two refused values: no one field, each in issues", async () => {
  const r = await run("generate", "video", "--model", "sora-2", "--duration", "7");
  const e = jsonError(r.stderr);
  expect(e.issues).toHaveLength(2);
  expect(e.field).toBeUndefined();
});

test("models show with an unknown id: field id, allowed every id of the catalog", async () => {
  const r = await run("models", "show", "sora-3");
  expect(r.code, r.stderr).toBe(2);
  const e = jsonError(r.stderr);
  const ids = [...new Set(readSeedModels().map((m: { id: string }) => m.id))];
  expect(e.field).toBe("id");
  expect([...e.allowed].sort()).toEqual(ids.sort());
});
