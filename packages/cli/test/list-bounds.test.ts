// s19 audit F9: a list flag's bounds (the catalog's minItems / maxItems: --images at most 5, 10 or
// 14) are in the model's help and in `models show`, like every other bound.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { listModels } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { monet as run } from "./run.ts";

let cwd: string;
beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "monet-list-bounds-"));
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
const monet = (args: string[]) => run(args, { cwd, env: { MONET_API_KEY: "monet_list_bounds" } });

// Every distinct maxItems of the catalog's list fields, one model each (read from the catalog, not restated).
const bounded = [
  ...new Map(listModels().flatMap((m) => m.fields.filter((f) => f.kind === "string[]" && f.maxItems).map((f) => [f.maxItems, { m, f }] as const))).values(),
];

test("the catalog has list bounds to show", () => expect(bounded.length).toBeGreaterThan(1));

test.each(bounded.map(({ m, f }) => ({ id: m.id, type: m.type, field: f.name, max: f.maxItems })))(
  "$id: --$field shows at most $max in models show and in generate --help",
  async ({ id, type, field, max }) => {
    const row = new RegExp(`^--${field.replace(/_/g, "-")} <url\\|file>\\.\\.\\.\\s+string\\[\\].*\\bat most ${max}\\b`, "m");
    const show = await monet(["models", "show", id, "--type", type]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(row);
    const help = await monet(["generate", type, "--model", id, "--help"]);
    expect(help.stdout).toMatch(row);
  },
);
