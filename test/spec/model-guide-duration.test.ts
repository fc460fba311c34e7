// The model guide, the catalog (and so `monet models` and MCP, which print `durationText`) say a
// model's output length in the same words (s17 newcomer audit F3, F7): the guide gave the
// motion-transfer models "3-30 s", the form that means "pick any length", while the CLI said the
// reference video's length; and it said nothing of minimax-music's length.
import { durationText, listModels } from "@monet-ai/models";
import { expect, test } from "vitest";
import { guide } from "../../scripts/gen-model-guide.mjs";
import { spec } from "../support/spec.ts";

const pages = Object.fromEntries((["video", "image", "music"] as const).map((t) => [t, guide(spec, t)]));
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("every model's guide entry and compare-table row give the catalog's durationText, word for word", () => {
  for (const m of listModels()) {
    const page = pages[m.type];
    const entry = page.slice(page.indexOf(` · ${m.id}\n`));
    const line = entry.split("\n").find((l) => l.startsWith("- **Duration**: ") || l.startsWith("| field"));
    const row = page.split("\n").find((l) => l.startsWith("| **") && l.includes(` \`${m.id}\` |`))!;
    const text = durationText(m);
    if (!text) {
      expect(line, m.id).toBe("| field | type | required | allowed | default | description |");
      continue;
    }
    expect(line, m.id).toBe(`- **Duration**: ${text}`);
    expect(row, m.id).toMatch(new RegExp(`\\| ${literal(text)} \\|`));
  }
});

test("a motion-transfer model's length follows its reference video, never a bare range; a music model says no field sets it", () => {
  const motion = listModels({ type: "video" }).filter((m) => !m.fields.some((f) => f.name === "duration") && m.fields.some((f) => f.name === "videos"));
  expect(motion).toHaveLength(6);
  for (const m of motion) {
    expect(durationText(m), m.id).toBe(`follows the reference video (${m.durationSeconds!.min}-${m.durationSeconds!.max} s)`);
    expect(pages.video, m.id).not.toMatch(new RegExp(`\`${m.id}\` \\| [^|]+ \\| \\d+-\\d+ s \\|`));
  }
  expect(durationText(listModels({ type: "music" })[0])).toBe("chosen by the model (no field sets the length)");
  expect(pages.music).toContain("- **Duration**: chosen by the model (no field sets the length)");
});
