// s21 audit F2: a byte order mark opening a JSON or JSONL items file, or a .json pipeline file
// (Windows Notepad, PowerShell and spreadsheet exports save "UTF-8 with BOM"), was refused as not
// JSON ("unexpected character at line 1, column 1"), where a CSV or YAML file with one was read.
// Now it is skipped, and the items' lines are the same as without it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { dryRun } from "../src/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-bom-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

const BOM = "\ufeff";
const pipeline = (items: string) =>
  `name: bom\nitems: { file: ${items} }\nsteps:\n  clip:\n    foreach: items\n    type: video\n    input: { model: kling-2-6, prompt: "x", images: ["https://x.test/a.png"], duration: "\${{ item.d }}" }\n`;

test("JSON and JSONL items files opening with a BOM (and CRLF lines) are read; an item's problem names its line", () => {
  write("good.json", `${BOM}[\r\n  { "id": "a", "d": 5 },\r\n  { "id": "b", "d": 10 }\r\n]\r\n`);
  write("good.jsonl", `${BOM}{ "id": "a", "d": 5 }\r\n{ "id": "b", "d": 10 }\r\n`);
  for (const items of ["good.json", "good.jsonl"]) {
    const r = dryRun(write(`${items}.yaml`, pipeline(items)));
    expect(r.issues).toEqual([]);
    expect(r.total).toBe(2);
  }
  write("bad.json", `${BOM}[\r\n  { "id": "a", "d": 5 },\r\n  { "id": "b", "d": 7 }\r\n]\r\n`);
  write("bad.jsonl", `${BOM}{ "id": "a", "d": 5 }\r\n{ "id": "b", "d": 7 }\r\n`);
  const placed = (items: string) => dryRun(write(`${items}.yaml`, pipeline(items))).issues.map((i) => `${i.item} ${path.basename(i.file ?? "?")}:${i.line}`);
  expect(placed("bad.json")).toEqual(["b bad.json:3"]);
  expect(placed("bad.jsonl")).toEqual(["b bad.jsonl:2"]);
});

test("a .json pipeline file opening with a BOM is read", () => {
  const file = write(
    "p.json",
    `${BOM}${JSON.stringify({ name: "bom-json", items: [{ id: "a" }], steps: { still: { foreach: "items", type: "image", input: { model: "flux-2-dev", prompt: "x" } } } })}`,
  );
  const r = dryRun(file);
  expect(r.issues).toEqual([]);
  expect(r).toMatchObject({ ok: true, name: "bom-json", total: 1 });
});
