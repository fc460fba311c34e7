// Where a problem is in the files the user edits, as compilers say it (`file:line`): the YAML (or
// JSON) line of a step's field, the row of an item in its CSV or JSONL file, or the line of an
// inline item. Positions come from the yaml package's own parser (parseDocument and LineCounter).
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { PipelineIssue } from "./errors.js";

export interface Place {
  /** The absolute path of the file. */
  file: string;
  /** From 1. */
  line: number;
}

/** The line of a path (`steps.clip.input.images[0]`) in a pipeline file: its deepest part the file has. */
export type Lines = (path: string) => Place | undefined;

/** The lines of the file each pipeline was read from (loadPipelineFile), for issues found after. */
export const linesOf = new WeakMap<object, Lines>();

/** Where each item was read: its CSV or JSONL row, or its line in the pipeline file. */
export const itemPlaces = new WeakMap<object, Place>();

/** The lines of the pipeline file `file` (absolute) holding `text`; inline items are placed too. */
export function fileLines(text: string, file: string): Lines {
  const counter = new LineCounter();
  // JSON is YAML 1.2 here: one parser gives the places of both. Only positions are read from it.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, logLevel: "silent" });
  const lines: Lines = (p) => {
    let node: unknown = doc.contents;
    let at: number | undefined = (node as Node | null)?.range?.[0];
    for (const part of parts(p)) {
      if (isMap(node)) {
        const pair = node.items.find((i) => String((i.key as { value?: unknown } | null)?.value ?? i.key) === part);
        if (!pair) break;
        at = (pair.key as Node | null)?.range?.[0] ?? at;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(part) && Number(part) < node.items.length) {
        node = node.items[Number(part)];
        at = (node as Node | null)?.range?.[0] ?? at;
      } else break;
    }
    return at === undefined ? undefined : { file, line: counter.linePos(at).line };
  };
  return lines;
}

/** Places the items written in the pipeline file itself (`raw.items` as parsed from it). */
export function placeInlineItems(items: unknown, lines: Lines) {
  if (!Array.isArray(items)) return;
  items.forEach((it, i) => {
    const place = it && typeof it === "object" ? lines(`items[${i}]`) : undefined;
    if (place) itemPlaces.set(it, place);
  });
}

/** `steps.clip.input.images[0]` as its parts: steps, clip, input, images, 0. */
const parts = (p: string) => p.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");

/** Each issue with no place yet gets the line of its path in the pipeline file (the issues are changed). */
export function locate(issues: PipelineIssue[], lines: Lines | undefined): PipelineIssue[] {
  if (lines) for (const i of issues) if (i.line === undefined && i.path) Object.assign(i, lines(i.path));
  return issues;
}
