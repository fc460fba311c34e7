// The list a pipeline fans out over: inline in the file, or a CSV / JSONL file beside it.
import path from "node:path";
import { jsonFailure } from "@monet-ai/models";
import { parse as parseCsv } from "csv-parse/sync";
import { withoutBom } from "./bom.js";
import { itemPlaces } from "./check-lines.js";
import { type CsvInfo, csvItemLines } from "./csv-item-lines.js";
import type { PipelineIssue } from "./errors.js";
import { jsonItemLines } from "./json-item-lines.js";
import { confinedFile, readInside } from "./paths.js";

export type Item = Record<string, unknown>;

const MAX_ITEMS = 100_000;
/** The largest items file read: room for MAX_ITEMS rows of over 600 bytes each. */
export const MAX_ITEMS_FILE_BYTES = 64 * 2 ** 20;

/** Items of `spec` (`[...]` or `{ file }`), read relative to `baseDir`. */
export function loadItems(spec: unknown, baseDir: string, issues: PipelineIssue[]): Item[] {
  if (spec === undefined) return [];
  if (Array.isArray(spec)) return checkItems(spec, "items", issues);
  if (!spec || typeof spec !== "object") {
    issues.push({ path: "items", message: "items must be a list of objects or { file: products.csv } (a CSV or JSONL file)" });
    return [];
  }
  const { file, ...rest } = spec as { file?: unknown };
  for (const k of Object.keys(rest)) issues.push({ path: `items.${k}`, message: `items.${k} is not allowed; items takes only file` });
  if (typeof file !== "string") {
    issues.push({ path: "items.file", message: "items.file must be the path of a .csv, .jsonl or .json file, relative to the pipeline file" });
    return [];
  }
  const found = confinedFile(baseDir, file);
  if ("error" in found) {
    issues.push({ path: "items.file", message: `items.file ${found.error}` });
    return [];
  }
  const ext = path.extname(found.path).toLowerCase();
  if (![".csv", ".jsonl", ".ndjson", ".json"].includes(ext)) {
    issues.push({ path: "items.file", message: `items.file must end in .csv, .jsonl or .json (got ${JSON.stringify(file)})` });
    return [];
  }
  // Read through the checked descriptor (readInside); the size before reading: a huge one would fill memory.
  const read = readInside(baseDir, found.path, MAX_ITEMS_FILE_BYTES);
  if ("error" in read) {
    issues.push({ path: "items.file", message: `items.file ${file} ${read.error}` });
    return [];
  }
  if ("size" in read) {
    issues.push({ path: "items.file", message: `items.file ${file} must be at most ${MAX_ITEMS_FILE_BYTES / 2 ** 20} MiB (it has ${read.size} bytes)` });
    return [];
  }
  // A BOM of a JSON or JSONL file (csv-parse skips a CSV's).
  const parsed = parseItems(ext === ".csv" ? read.text : withoutBom(read.text), ext, found.path);
  if ("failure" in parsed) {
    // Never the file's text: an items file is named by a pipeline file, which an agent may write.
    issues.push({ path: "items.file", message: `items.file ${file} could not be read: ${parsed.failure}` });
    return [];
  }
  return checkItems(parsed.list, `items.file ${file}`, issues);
}

/** The items of a file's text, or why it does not parse, by place (never by its text). */
function parseItems(text: string, ext: string, file: string): { list: unknown } | { failure: string } {
  if (ext === ".csv")
    try {
      // info: where each record ends, so a problem with an item names the line its row starts on.
      const rows: { record: Item; info: CsvInfo }[] = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
      const lines = csvItemLines(
        text,
        rows.map((r) => r.info),
      );
      for (const [i, r] of rows.entries()) itemPlaces.set(r.record, { file, line: lines[i] as number });
      return { list: rows.map((r) => r.record) };
    } catch (e) {
      // csv-parse's messages quote the field and the header ("value is \"ghp_...\""): its code and line only.
      const { code, lines } = e as { code?: string; lines?: number };
      return {
        failure: `${String(code ?? "invalid CSV")
          .toLowerCase()
          .replace(/^csv_/, "")
          .replaceAll("_", " ")}${lines ? ` at line ${lines}` : ""}`,
      };
    }
  if (ext === ".json")
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list))
        jsonItemLines(text).forEach((line, i) => {
          const item = list[i];
          if (item && typeof item === "object") itemPlaces.set(item, { file, line });
        });
      return { list };
    } catch (e) {
      return { failure: jsonFailure(text, e) };
    }
  const list: unknown[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    try {
      const item = JSON.parse(line);
      if (item && typeof item === "object") itemPlaces.set(item, { file, line: i + 1 });
      list.push(item);
    } catch (e) {
      return { failure: `line ${i + 1} is not JSON (${jsonFailure(line, e).replace(/ at line 1, /, " at ")})` };
    }
  }
  return { list };
}

function checkItems(list: unknown, where: string, issues: PipelineIssue[]): Item[] {
  if (!Array.isArray(list)) {
    issues.push({ path: "items", message: `${where} must hold a list of objects` });
    return [];
  }
  if (list.length > MAX_ITEMS) issues.push({ path: "items", message: `${where} has ${list.length} items; at most ${MAX_ITEMS}` });
  list.forEach((it, i) => {
    if (!it || typeof it !== "object" || Array.isArray(it))
      issues.push({ path: `items[${i}]`, message: `${where}: item ${i + 1} must be an object of fields (got ${JSON.stringify(it)})` });
  });
  return list as Item[];
}
