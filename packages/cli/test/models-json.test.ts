// s13 CLI audit L5: `monet --json models` gives a duration the model takes as a list of values as
// those values (durationSeconds.choices), so an agent reading it never sends a length in between
// (sora-2: 12). Expectations from the reference data the spec is held to, not the generated catalog.
import os from "node:os";
import { expect, test } from "vitest";
import { readSeedModels } from "../../../test/support/seed.ts";
import { monet } from "./run.ts";

test("models --json: every model whose duration is a list of values gives them as durationSeconds.choices, the range's ends beside them", async () => {
  const r = await monet(["--json", "models", "--type", "video"], { cwd: os.tmpdir() });
  expect(r.code, r.stderr).toBe(0);
  const listed = new Map(JSON.parse(r.stdout).map((m: { id: string }) => [m.id, m]));
  let lists = 0;
  for (const s of readSeedModels().filter((m) => m.type === "video")) {
    const m = listed.get(s.id) as { durationSeconds?: { min: number; max: number; choices?: number[] } };
    const allowed = s.fields.find((f) => f.name === "duration")?.enum as number[] | undefined;
    if (allowed) {
      lists++;
      expect(m.durationSeconds?.choices, s.id).toEqual([...allowed].sort((a, b) => a - b));
    } else expect(m.durationSeconds?.choices, s.id).toBeUndefined();
    if (s.duration) expect({ min: m.durationSeconds?.min, max: m.durationSeconds?.max }, s.id).toEqual(s.duration);
  }
  expect(lists).toBeGreaterThan(0);
  const sora = listed.get("sora-2") as { durationSeconds: { choices: number[] } };
  expect(sora.durationSeconds.choices).toEqual([10, 15]);
});
