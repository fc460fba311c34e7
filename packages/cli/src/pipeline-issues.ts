// A pipeline file's problems, for people: each led by `file:line:` as a compiler's, so an editor
// or terminal jumps to the line. The file is named from the working folder when it is inside it.
import path from "node:path";
import type { PipelineIssue } from "@monet-ai/pipeline";
import { oneLine } from "./terminal.js";

/** At most this many lines of problems; `--json` lists every one. */
export const ISSUES_SHOWN = 20;

export const problems = (n: number) => `${n} problem${n === 1 ? "" : "s"} in the pipeline file. Nothing was created.`;

/** `items.csv:4: ` (from the working folder), or nothing for a problem with no place. */
export function place(i: Pick<PipelineIssue, "file" | "line">, cwd = process.cwd()): string {
  if (!i.file || !i.line) return "";
  const rel = path.relative(cwd, i.file);
  return `${rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : i.file}:${i.line}: `;
}

/** The lines printed for `issues`. */
export function issueLines(issues: readonly PipelineIssue[], cwd = process.cwd()): string[] {
  return issues.map((i) => `${place(i, cwd)}error: ${oneLine(i.message)}`);
}

export function printIssues(issues: readonly PipelineIssue[]) {
  const lines = issueLines(issues);
  for (const l of lines.slice(0, ISSUES_SHOWN)) console.error(l);
  if (lines.length > ISSUES_SHOWN) console.error(`and ${lines.length - ISSUES_SHOWN} more (all of them with --json)`);
  console.error(problems(issues.length));
}
