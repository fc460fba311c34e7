// A pipeline file's problems, for people: each led by `file:line:` as a compiler's, so an editor
// or terminal jumps to the line. The file is named from the working folder when it is inside it.
// One mistake repeated over many items is one line naming the first few rows (or items) and how
// many more: a wrong model in a 200-item file is not 200 lines. `--json` keeps every issue.
import path from "node:path";
import type { PipelineIssue } from "@monet-ai/pipeline";
import { oneLine } from "./terminal.js";

/** At most this many lines of problems; `--json` lists every one. */
export const ISSUES_SHOWN = 20;

/** `outDir`: some are of the --out folder (a dry run's), not of the file. */
export const problems = (n: number, outDir = false) =>
  `${n} problem${n === 1 ? "" : "s"} in the pipeline file${outDir ? " or its --out folder" : ""}. Nothing was created.`;

/** `items.csv:4: ` (from the working folder), or nothing for a problem with no place. */
export function place(i: Pick<PipelineIssue, "file" | "line">, cwd = process.cwd()): string {
  if (!i.file || !i.line) return "";
  const rel = path.relative(cwd, i.file);
  return `${rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : i.file}:${i.line}: `;
}

/** Rows or items named in a line for a repeated mistake; the rest are counted. */
const FIRST_NAMED = 3;

/** The lines printed for `issues`: one per mistake, in the order first found. */
export function issueLines(issues: readonly PipelineIssue[], cwd = process.cwd()): string[] {
  const groups = new Map<string, PipelineIssue[]>();
  for (const i of issues) {
    const key = `${i.file ?? ""}\n${i.path}\n${sameForEveryItem(i)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].map((g) => {
    const [first] = g;
    if (g.length === 1) return `${place(first, cwd)}error: ${oneLine(first.message)}`;
    // Different lines: the item's own rows (or lines) are the places to edit; one line: the items by name.
    const lines = [...new Set(g.map((i) => i.line))];
    const rows = lines.length > 1 && lines.every((l) => l !== undefined);
    const names = rows ? lines.map(String) : g.map((i) => i.item ?? "?");
    const what = rows ? (/\.(csv|jsonl|ndjson)$/i.test(first.file ?? "") ? "rows" : "lines") : "items";
    const shown = names.slice(0, FIRST_NAMED).join(", ");
    const rest = names.length > FIRST_NAMED ? ` and ${names.length - FIRST_NAMED} more` : "";
    return `${place(first, cwd)}error: ${oneLine(sameForEveryItem(first))}: ${what} ${shown}${rest}`;
  });
}

/** The message without its item: `step clip, item b: input...` is `step clip: input...`. */
function sameForEveryItem(i: PipelineIssue): string {
  const head = `step ${i.step}, item ${i.item}: `;
  return i.item !== undefined && i.message.startsWith(head) ? `step ${i.step}: ${i.message.slice(head.length)}` : i.message;
}

export function printIssues(issues: readonly PipelineIssue[]) {
  const lines = issueLines(issues);
  for (const l of lines.slice(0, ISSUES_SHOWN)) console.error(l);
  if (lines.length > ISSUES_SHOWN) console.error(`and ${lines.length - ISSUES_SHOWN} more (all of them with --json)`);
  console.error(
    problems(
      issues.length,
      issues.some((i) => i.path === "outDir"),
    ),
  );
}
