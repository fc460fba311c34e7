// Every cell of the model guide's tables holds its spec text whole: a `|` in a model's name, an
// enum value or a description would otherwise end the cell and shift the row (s17 contributor
// audit F13, seen in Chromium: "**Flux" and "Schnell **" in two cells, the last column lost).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { guide } from "../../scripts/gen-model-guide.mjs";
import { repoRoot } from "../support/seed.ts";

/** A GFM table row's cells: split on every `|` not escaped by a backslash (code spans included). */
const cells = (row: string) =>
  row
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/);

test("a | or a backtick in spec text stays inside its table cell", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"));
  const flux = spec.components.schemas.ImageFlux1SchnellInput;
  flux["x-monet-model"].name = "Flux | Schnell";
  flux["x-monet-model"].provider = "Black | Forest";
  flux.properties.prompt.description = "What | to draw";
  flux.properties.style = { type: "string", enum: ["a|b", "c`d", "|"], default: "a|b", description: "A style." };
  const page = guide(spec, "image");
  const tables = page.split("\n\n").filter((block) => block.startsWith("| "));
  expect(tables.length).toBeGreaterThan(1);
  for (const table of tables) {
    const [head, ...rows] = table.split("\n");
    for (const row of rows) expect(cells(row), row).toHaveLength(cells(head).length);
  }
  expect(page).toContain("| **Flux \\| Schnell** `flux-1-schnell` | Black \\| Forest |");
  expect(page).toContain('| `style` | `"a\\|b"` \\| ``"c`d"`` \\| `"\\|"` | no |');
});
