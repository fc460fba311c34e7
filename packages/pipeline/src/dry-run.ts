// --dry-run: the whole file checked and planned, nothing created.
import { checkInputs, planRows, type PlanRow } from "./check.js";
import type { PipelineDefinition } from "./definition.js";
import type { PipelineIssue } from "./errors.js";
import { PipelineFileError } from "./errors.js";
import { loadPipeline } from "./run.js";

export interface DryRun {
  name?: string;
  ok: boolean;
  /** Every problem, each naming the step, the item and the field. */
  issues: PipelineIssue[];
  /** Tasks per step and model, with credits where pricing is published. */
  plan: PlanRow[];
  total: number;
}

/** Checks every step's input for every item and plans the run; sends nothing. */
export function dryRun(definition: string | PipelineDefinition, baseDir?: string): DryRun {
  let p;
  try {
    p = loadPipeline(definition, baseDir);
  } catch (e) {
    if (e instanceof PipelineFileError) return { ok: false, issues: e.issues, plan: [], total: 0 };
    throw e;
  }
  const issues = checkInputs(p);
  return { name: p.name, ok: issues.length === 0, issues, plan: planRows(p), total: p.nodes.length };
}
