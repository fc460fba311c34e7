// Item names are file names: letters and digits of any script are kept (日本 was saved as 5.png),
// names one disk would take for one file (dup and DUP on macOS and Windows) are refused, and
// nothing that could leave the step folder or trouble a disk gets through.
import fs from "node:fs";
import path from "node:path";
import { safeFileName } from "@monet-ai/client/node";
import { afterEach, expect, test } from "vitest";
import { buildPipeline, PipelineFileError, runPipeline } from "../src/index.js";
import { fileSafeName } from "../src/item-names.js";
import { type Bench, bench, bytesAt } from "./helpers.js";

let b: Bench | undefined;
afterEach(async () => b?.close());

const still = { foreach: "items", type: "image", input: { model: "flux-2-dev", prompt: "a ${{ item.p }}" } } as const;
const issuesOf = (ids: unknown[], steps: Record<string, unknown> = { still }) => {
  try {
    buildPipeline({ name: "names", items: ids.map((id, i) => ({ id, p: `thing ${i}` })), steps } as never);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineFileError);
    return (e as PipelineFileError).issues;
  }
};
const namesOf = (ids: unknown[]) => buildPipeline({ name: "names", items: ids.map((id) => ({ id, p: "x" })), steps: { still } } as never).itemNames;

test("names that differ only in letter case are refused, naming both items and names", () => {
  expect(issuesOf(["dup", "other", "DUP"])).toEqual([
    {
      path: "items[2]",
      message:
        'items 1 and 3 get the names "dup" and "DUP", which differ only in letter case: macOS and Windows disks take them for one file; output files need names unique regardless of case (set item_name to a unique field)',
    },
  ]);
  // ß is SS in upper case, as case-insensitive disks compare it; é typed as e + accent is é.
  expect(issuesOf(["Straße", "STRASSE"]).map((i) => i.path)).toEqual(["items[1]"]);
  expect(issuesOf(["caf\u00e9", "cafe\u0301"])[0].message).toContain('items 1 and 2 both get the name "café"');
});

test("step names that differ only in letter case are refused: they are folder names", () => {
  expect(issuesOf(["a"], { still, Still: still })).toEqual([
    {
      path: "steps.Still",
      step: "Still",
      message: "steps still and Still differ only in letter case: macOS and Windows disks take their output folders for one; rename one of them",
    },
  ]);
});

test("letters and digits of any script stay in the name; a name with none is refused, naming its field", () => {
  expect(namesOf(["日本", "é 日本 🎉", "Ünïcödé/../x", "हिन्दी", "٣٤"])).toEqual(["日本", "é-日本", "Ünïcödé-.-x", "हिन्दी", "٣٤"]);
  expect(issuesOf(["ok", "🎉 ✨"])).toEqual([
    {
      path: "items[1].id",
      message: `item 2's id "🎉 ✨" has no letter or digit to name its output files by (names keep letters and digits of any script, '.', '_' and '-'); give it one, or set item_name to another field`,
    },
  ]);
});

test("no separator, `..`, control or invisible character, Windows device name or overlong name gets through", () => {
  const hostile = [
    "../../etc/passwd",
    "a\\b",
    "C:\\x",
    "\u0000nul\u0007",
    "\u202egnp.exe",
    "zero\u200bwidth",
    "..",
    ".hidden",
    "CON",
    "com¹.日本",
    "lpt1",
    "日".repeat(300),
    "𠀀".repeat(80),
  ];
  for (const raw of hostile) {
    const name = fileSafeName(raw);
    // No separator, no control or invisible character, no `..`, no hidden file, no trailing dot.
    expect(name, raw).not.toMatch(/[/\\:\p{Cc}\p{Cf}]|\.\.|^\.|\.$/u);
    expect(name, raw).not.toMatch(/^(con|prn|aux|nul|com[\d¹²³]|lpt[\d¹²³])(\.|$)/i);
    expect(Buffer.byteLength(name), raw).toBeLessThanOrEqual(200);
    expect([...name].length, raw).toBeLessThanOrEqual(80);
  }
  expect(fileSafeName("../../etc/passwd")).toBe("etc-passwd");
  expect(fileSafeName("CON")).toBe("_CON");
  expect(fileSafeName("com¹.日本")).toBe("_com¹.日本");
});

test("ASCII names are what they always were (they are in every idempotency key: a rerun must find its tasks)", () => {
  const before = (raw: string) => safeFileName(raw.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80));
  for (const raw of ["sku-001", "red sneaker", "a..b", "__x__", "con", "Nul.txt", "x".repeat(120), "a/b\\c", "-.-lead", "v1.2.3", "p q r!?"])
    expect(fileSafeName(raw), raw).toBe(before(raw));
});

test("outputs are saved under Unicode names, and replaced under them when the input changes", async () => {
  b = await bench();
  const yaml = (prompt: string) =>
    `name: unicode\nitems: [{ id: 日本 }, { id: "é 日本 🎉" }, { id: plain }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "${prompt} \${{ item.id }}" } }\n`;
  const file = b.write("u.yaml", yaml("a"));
  const run = () => runPipeline(file, { client: b!.monet, outDir: b!.out, pollInterval: 50 });
  const m = await run();
  expect(m.summary.succeeded).toBe(3);
  expect(m.tasks.map((t) => t.files)).toEqual([[path.join("still", "日本.png")], [path.join("still", "é-日本.png")], [path.join("still", "plain.png")]]);
  for (const t of m.tasks) expect(new Uint8Array(fs.readFileSync(path.join(b.out, t.files[0])))).toEqual(await bytesAt(t.outputs[0]));
  // Only the outputs: no stand-in or partial file left beside them.
  expect(fs.readdirSync(path.join(b.out, "still")).sort()).toEqual(["plain.png", "é-日本.png", "日本.png"].sort());

  fs.writeFileSync(file, yaml("b"));
  const changed = await run();
  expect(changed.summary.succeeded).toBe(3);
  for (const t of changed.tasks) expect(new Uint8Array(fs.readFileSync(path.join(b.out, t.files[0])))).toEqual(await bytesAt(t.outputs[0]));
  expect(fs.readdirSync(path.join(b.out, "still")).sort()).toEqual(["plain.png", "é-日本.png", "日本.png"].sort());
});
