// Against Prism (which `npm start` serves beside the mock), whatever downloads a task's outputs
// reaches for the spec's example output host, off the machine: `monet generate` did, then said
// the task was paid (the audit's F7). The README and the mock guide say so, with the example URL
// as the spec has it, and name a CLI flag that does not download, which the CLI really has.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

/** The output URL of the spec's example task (what Prism answers a poll with), up to its first folder. */
function exampleOutputs(): string {
  const task = spec.components.schemas.Task;
  const example = [...(task.examples ?? []), task.example].find((e) => e?.outputs?.[0]?.url);
  const url = new URL(example.outputs[0].url);
  return `${url.origin}/${url.pathname.split("/")[1]}/`;
}

/** The paragraph (or list item) of a markdown file that says what Prism's outputs are. */
function prismNote(file: string): string {
  const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
  const note = text.split(/\n\s*\n|\n(?=- )/).find((p) => /Prism/.test(p) && /outputs/.test(p) && /not files/.test(p));
  expect(note, `${file} says what Prism's outputs are`).toBeDefined();
  return note!;
}

const generateHelp = execFileSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/cli.js"), "generate", "--help"], { encoding: "utf8" });

test.each(["README.md", "docs/guides/06-mock.md"])(
  "%s says Prism's outputs are the spec's example URLs, which downloads reach for, and which CLI flag does not download",
  (file) => {
    const note = prismNote(file);
    expect(note).toContain(`${exampleOutputs()}...`);
    expect(note).toMatch(/off\s+your\s+machine/);
    expect(note).toMatch(/static\s+page/);
    const flags = [...note.matchAll(/`monet generate\s+(--[\w-]+)`/g)].map((m) => m[1]);
    expect(flags.length, "names the generate flag that does not download").toBeGreaterThan(0);
    for (const flag of flags) expect(generateHelp, flag).toMatch(new RegExp(`^\\s+${flag}\\b`, "m"));
    expect(note).toMatch(/the (stateful )?mock/);
  },
);
