// Each problem names the line to edit, as a compiler's does: a step field's line in the YAML file,
// an item's row in its CSV or JSONL file or its line in a JSON list (when the step takes that field from the item), an inline
// item's line. Both the run's check (loadPipelineFile, runPipeline) and the dry run say it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Monet } from "@monet-ai/client";
import { afterAll, expect, test } from "vitest";
import { dryRun, loadPipelineFile, PipelineFileError, type PipelineIssue, runPipeline } from "../src/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "issue-lines-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

// Line numbers are part of the test: 1 name, 2 items, 4 still, 7 still's input, 11 clip's input,
// 12 model, 13 promt, 14 images, 15 duration (from the item).
const yaml = `name: lines
items: { file: items.csv }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-devv, prompt: "Photo of \${{ item.product }}" }
  clip:
    foreach: items
    type: video
    input:
      model: kling-2-6
      promt: "Orbit \${{ item.product }}"
      images: ["\${{ steps.still.outputs[0].url }}"]
      duration: \${{ item.d }}
`;
const file = write("lines.yaml", yaml);
const csv = write("items.csv", "id,product,d\na,one,10\n\nb,two,7\n");

const at = (issues: PipelineIssue[]) => issues.map((i) => `${i.item ?? ""} ${i.path} ${i.file ? path.basename(i.file) : "?"}:${i.line ?? "?"}`);

// The run checks every input before anything is sent: no server is needed (nothing listens on port 9).
async function runError(f: string): Promise<PipelineFileError> {
  const client = new Monet({ apiKey: "monet_lines", baseUrl: "http://127.0.0.1:9" });
  const e = await runPipeline(f, { client, outDir: path.join(dir, "out") }).catch((x) => x);
  if (!(e instanceof PipelineFileError)) throw e;
  return e;
}

function loadError(f: string): PipelineFileError {
  try {
    loadPipelineFile(f);
  } catch (e) {
    if (e instanceof PipelineFileError) return e;
    throw e;
  }
  throw new Error("no error");
}

test("a step field's problem names its YAML line; an item's value names its CSV row", async () => {
  const err = await runError(file);
  const got = at(err.issues);
  expect(got).toEqual(
    expect.arrayContaining([
      "a steps.still.input.model lines.yaml:7",
      "b steps.still.input.model lines.yaml:7",
      "a steps.clip.input.promt lines.yaml:13",
      // A required field left out: the line of the input it is missing from.
      "a steps.clip.input.prompt lines.yaml:11",
      // duration comes from the item: row 4 of the CSV (an empty line before it), not the YAML.
      "b steps.clip.input.duration items.csv:4",
    ]),
  );
  // File-level fields stay as they were.
  const dur = err.issues.find((i) => i.field === "duration");
  expect(dur).toMatchObject({ step: "clip", item: "b", path: "steps.clip.input.duration", file: fs.realpathSync(csv), line: 4 });
});

test("the dry run and the run say the same lines; a JSONL item names its line, an inline item its YAML line", async () => {
  const d = await dryRun(file);
  // The schema says a step's mistake once (no item); the catalog's per-item ones follow.
  expect(at(d.issues)).toEqual(expect.arrayContaining([" steps.still.input.model lines.yaml:7", "b steps.clip.input.duration items.csv:4"]));

  write("items.jsonl", '{"id":"a","product":"one","d":10}\n{"id":"b","product":"two","d":7}\n');
  const jsonl = write("jsonl.yaml", yaml.replace("items.csv", "items.jsonl").replace("flux-2-devv", "flux-2-dev").replace("promt", "prompt"));
  expect(at((await runError(jsonl)).issues)).toEqual(["b steps.clip.input.duration items.jsonl:2"]);

  // A .json list: each item's line, however it is laid out (nested lists, strings with brackets,
  // commas and escaped quotes before it).
  write(
    "items.json",
    `[
  { "id": "a", "product": "[one, \\"x\\"]", "d": 10, "tags": [1, [2, 3]] },

  {
    "id": "b", "product": "two", "d": 7
  }
]
`,
  );
  const json = write("json.yaml", yaml.replace("items.csv", "items.json").replace("flux-2-devv", "flux-2-dev").replace("promt", "prompt"));
  expect(at((await runError(json)).issues)).toEqual(["b steps.clip.input.duration items.json:4"]);

  const inline = write(
    "inline.yaml",
    `name: inline
items:
  - { id: a, d: 10 }
  - { id: b, d: 7 }
steps:
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "x", images: ["https://x.test/a.png"], duration: "\${{ item.d }}" }
`,
  );
  expect(at((await runError(inline)).issues)).toEqual(["b steps.clip.input.duration inline.yaml:4"]);
});

test("a structural problem names its line too", () => {
  const f = write("struct.yaml", yaml.replace("foreach: items\n    type: video", "foreach: item\n    type: video"));
  expect(at(loadError(f).issues)).toEqual(expect.arrayContaining([" steps.clip.foreach struct.yaml:9"]));
});

test("a CSV record over several lines (a quoted field holding newlines) names the line it starts on", async () => {
  // Lines: 1 the header, 2-3 item a, 4 an empty line, 5-7 item b (its product holds two newlines).
  write("multi.csv", 'id,product,d\na,"one\nline",10\n\nb,"two\nlines\nmore",7\nc,three,10\n');
  const multi = write("multi.yaml", yaml.replace("items.csv", "multi.csv").replace("flux-2-devv", "flux-2-dev").replace("promt", "prompt"));
  expect(at((await runError(multi)).issues)).toEqual(["b steps.clip.input.duration multi.csv:5"]);
  // With Windows line ends too (csv-parse counts each inside a quoted field as two lines), a
  // byte-order mark, a header with a quoted newline, a blank line of spaces and a field of two-byte
  // characters before the record.
  write("multi-crlf.csv", '\ufeffid,product,d,"no\r\nte"\r\na,"é\r\nline",10,x\r\n  \r\nb,"two\r\nlines",7,y\r\n');
  const crlf = write("multi-crlf.yaml", yaml.replace("items.csv", "multi-crlf.csv").replace("flux-2-devv", "flux-2-dev").replace("promt", "prompt"));
  expect(at((await runError(crlf)).issues)).toEqual(["b steps.clip.input.duration multi-crlf.csv:6"]);
});

test("a misspelt field is placed from the input's data, never by matching the validator's words", async () => {
  // promt's value comes from the item, yet the name is the step's mistake: its YAML line (13), in
  // every item. The words of a message may change; the data (a key the model has not) does not.
  const err = await runError(file);
  expect(at(err.issues).filter((i) => i.includes(".promt "))).toEqual(["a steps.clip.input.promt lines.yaml:13", "b steps.clip.input.promt lines.yaml:13"]);
  const source = fs.readFileSync(new URL("../src/check.ts", import.meta.url), "utf8");
  expect(source).not.toMatch(/\.message\.(startsWith|includes|match|endsWith)\(|\.message\)/);
});

test("two items of an items file that get one name are placed on the second's row, naming the first's (s21 audit F4: both pointed at the pipeline file's items line)", () => {
  write("dups.csv", "id,product,d\na,one,10\nb,two,10\n\nA,three,10\n");
  write("dups.jsonl", '{"id":"x/1","d":10}\n{"id":"x 1","d":10}\n');
  const issues = (items: string) =>
    dryRun(write(`${items}.yaml`, yaml.replace("items.csv", items).replace("flux-2-devv", "flux-2-dev").replace("promt", "prompt"))).issues;
  const csvIssues = issues("dups.csv");
  expect(at(csvIssues)).toEqual([" items[2] dups.csv:5"]);
  expect(csvIssues[0].message).toContain("(item 1 is at dups.csv:2)");
  const jsonl = issues("dups.jsonl");
  expect(at(jsonl)).toEqual([" items[1] dups.jsonl:2"]);
  expect(jsonl[0].message).toBe(
    'items 1 and 2 both get the name "x-1"; output files need unique names (set item_name to a unique field) (item 1 is at dups.jsonl:1)',
  );
});
