// "A clip from one photo": each video model's entry says what its `images` are, required or not as
// the reference has it, in the words its field's description takes from the reference, and that
// the reference does not say whether an image becomes the first frame (the audit's F8; the
// reference never says so, and the guide must not guess). Read from the committed model guide.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { readSeedModels, repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const page = fs.readFileSync(path.join(repoRoot, "docs/models/video.md"), "utf8");
/** Each model entry of the page by its id (its heading ends "· id"). */
const entries = new Map(
  page
    .split(/\n(?=#{2,3} )/)
    .map((block) => [block.match(/^#{2,3} .* · ([\w.-]+)/)?.[1], block] as const)
    .filter(([id]) => id),
);

const withImages = readSeedModels().filter((m) => m.type === "video" && m.fields.some((f) => f.name === "images"));

test("every video model that takes images says what they are, whether they are required, and that the reference does not say 'first frame'", () => {
  expect(withImages.length).toBeGreaterThan(0);
  for (const m of withImages) {
    const entry = entries.get(m.id);
    expect(entry, m.id).toBeDefined();
    const line = entry!.split("\n").find((l) => l.startsWith("- **Images**"));
    expect(line, `${m.id} has an Images line`).toBeDefined();
    const required = m.fields.find((f) => f.name === "images")!.required;
    expect(line).toContain(`(\`images\`, ${required ? "required" : "optional"})`);
    const schema = Object.values<any>(spec.components.schemas).find(
      (s) => s["x-monet-model"] && s.properties?.model?.enum?.includes(m.id) && s.properties.images,
    );
    expect(line).toContain(schema.properties.images.description.split(/\.\s/)[0].replace(/\.$/, ""));
    expect(line).toMatch(/The reference does not say whether an image becomes the video's first frame/);
  }
});
