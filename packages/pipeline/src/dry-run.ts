// --dry-run: the file checked against the pipeline JSON Schema (generated from the spec), every
// step's input checked for every item (local media opened and their first bytes read, as the run
// will), and the plan; nothing is sent.
import fs from "node:fs";
import path from "node:path";
import schema from "../schema/pipeline.schema.json" with { type: "json" };
import { checkInputs, type PlanRow, planRows, totalCredits } from "./check.js";
import { type Lines, linesOf, locate } from "./check-lines.js";
import type { Pipeline, PipelineDefinition } from "./definition.js";
import { PipelineFileError, type PipelineIssue } from "./errors.js";
import { type Fate, fatesInJournal } from "./found-in-journal.js";
import { JOURNAL, Journal, type JournalView } from "./journal.js";
import { buildPipeline } from "./load.js";
import { otherPipeline, outDirError, STATE_DIR } from "./out-dir.js";
import { checkOutDir, outDirIssues } from "./out-dir-checks.js";
import { readPipelineFile } from "./pipeline-file.js";
import { checkAgainstSchema } from "./schema-check.js";

export interface DryRun {
  name?: string;
  ok: boolean;
  /** Every problem, each naming the step, the item and the field. */
  issues: PipelineIssue[];
  /** Tasks per step and model, with credits where pricing is published (of the tasks the run would create). */
  plan: PlanRow[];
  total: number;
  /**
   * The plan's credits added up over the models with published pricing; `unpublished`: the models
   * of the plan without (the total leaves their tasks out).
   */
  credits: { min: number; max: number; unpublished: string[] };
  /**
   * With `outDir` holding a journal: how many tasks the run would create (and pay for), take from
   * the journal (finished, or running and re-attached to: created no second time), or skip (they
   * use a task the API failed, until --retry-failed).
   */
  journal?: { create: number; reuse: number; skip: number };
  /** What to know before running into `outDir` (names by position that moved since its journal was written). */
  notes: string[];
}

export interface DryRunOptions {
  /** The output folder the run would write into: its journal is read (never written) for `journal`, the plan's credits and the notes. */
  outDir?: string;
  /** As the run's option: tasks the API failed count as created again. */
  retryFailed?: boolean;
  /** For a file: the folders it must be in, checked on the opened file (see readPipelineFile). */
  fileInside?: readonly string[];
}

/** The pipeline JSON Schema this package ships (also `@monet-ai/pipeline/schema.json`). */
export const pipelineSchema = schema as Record<string, unknown>;

const STEP_FIELD = /^steps\.([^.]+)\.input\.([^.[]+)/;

/** Checks every step's input for every item and plans the run; sends nothing. */
export function dryRun(definition: string | PipelineDefinition, baseDir?: string, opts: DryRunOptions = {}): DryRun {
  const { pipeline, ...r } = check(definition, baseDir, opts.fileInside);
  // The folder is checked as the run checks it before sending anything: what it refuses, said here.
  const { refused, view } = pipeline && opts.outDir ? checkedFolder(pipeline, opts.outDir) : { refused: [] };
  if (refused.length) return { ...r, ok: false, issues: [...r.issues, ...refused], credits: totalCredits(r.plan), notes: [] };
  // A journal of another pipeline is refused by the run; nothing in it is this one's.
  if (!pipeline || !view || (view.owner !== undefined && view.owner !== pipeline.name))
    return { ...r, credits: totalCredits(r.plan), notes: pipeline && view ? movedNames(pipeline, opts.outDir as string, view.names) : [] };
  const fates = fatesInJournal(pipeline, view, opts.retryFailed);
  const plan = planRows(pipeline, fates);
  const count = (f: Fate) => [...fates.values()].filter((v) => v === f).length;
  return {
    ...r,
    plan,
    credits: totalCredits(plan),
    journal: { create: count("created"), reuse: count("reused"), skip: count("skipped") },
    notes: movedNames(pipeline, opts.outDir as string, view.names),
  };
}

/**
 * What the run would refuse of the output folder `outDir` (none when it does not exist yet: the
 * run makes it), and its journal, read once and only once the folder's checks pass.
 */
function checkedFolder(p: Pipeline, outDir: string): { refused: PipelineIssue[]; view?: JournalView } {
  if (!fs.existsSync(outDir)) return { refused: [] };
  let view: JournalView | undefined;
  const refused = outDirIssues(() => {
    const root = fs.realpathSync(outDir);
    if (!fs.statSync(root).isDirectory()) throw outDirError(`${outDir} is not a folder`);
    const file = path.join(root, STATE_DIR, JOURNAL);
    checkOutDir(root, p);
    view = Journal.view(outDir);
    // The run's journal names the pipeline that writes into the folder (the run refuses another's).
    const owner = view?.owner;
    if (owner !== undefined && owner !== p.name) throw otherPipeline(root, file, owner, p.name);
  });
  return { refused, view };
}

/** Positional names that moved since the journal in `outDir` was written: said once, with their count. */
function movedNames(p: Pipeline, outDir: string, names: ReadonlyMap<string, string>): string[] {
  if (!p.positional || !p.steps.some((s) => s.foreach)) return [];
  const moved = p.itemKeys.filter((k, i) => names.has(k) && names.get(k) !== p.itemNames[i]).length;
  if (!moved) return [];
  return [
    `${moved} item${moved === 1 ? " is" : "s are"} named by position and ${moved === 1 ? "its name" : "their names"} moved since the journal in ${outDir} was written (outputs are saved again under the new names; nothing is created again); give items an id for stable file names`,
  ];
}

function check(
  definition: string | PipelineDefinition,
  baseDir?: string,
  fileInside?: readonly string[],
): Omit<DryRun, "notes" | "credits"> & { pipeline?: Pipeline } {
  let raw: unknown;
  let opts: Parameters<typeof buildPipeline>[1];
  // The file's lines: each issue names the line to edit (or its item's row).
  let lines: Lines | undefined;
  try {
    if (typeof definition === "string") {
      // Size-capped, and a file that is not a pipeline is refused before the schema quotes it.
      const read = readPipelineFile(definition, { fileInside });
      raw = read.raw;
      lines = read.lines;
      opts = { baseDir: read.dir, file: read.abs, baseIsReal: true };
    } else [raw, opts] = [definition, { baseDir }];
  } catch (e) {
    if (e instanceof PipelineFileError) return { ok: false, issues: e.issues, plan: [], total: 0 };
    throw e;
  }
  // What the schema finds is written the same for every item: said once, with its step and field.
  const issues: PipelineIssue[] = checkAgainstSchema(pipelineSchema, raw).map((i) => {
    const m = STEP_FIELD.exec(i.path);
    return m ? { ...i, step: m[1], field: i.path.slice(`steps.${m[1]}.input.`.length) } : i;
  });
  let p: ReturnType<typeof buildPipeline>;
  try {
    p = buildPipeline(raw, opts);
  } catch (e) {
    if (!(e instanceof PipelineFileError)) throw e;
    return { ok: false, issues: locate(merge(issues, e.issues), lines), plan: [], total: 0 };
  }
  // Local media are opened and their first bytes read here too, as the run will: nothing is sent.
  if (lines) linesOf.set(p, lines);
  const all = locate(merge(issues, checkInputs(p, { media: true })), lines);
  return { name: p.name, ok: all.length === 0, issues: all, plan: planRows(p), total: p.nodes.length, pipeline: p };
}

/**
 * The schema's issues, then the others not already said for the same step and field (the schema
 * and the catalog hold a step's input to the same rules). Elsewhere both stay: `items.file` may
 * have the wrong extension and be outside the folder.
 */
function merge(schemaIssues: PipelineIssue[], more: PipelineIssue[]): PipelineIssue[] {
  const said = new Set(schemaIssues.filter((i) => STEP_FIELD.test(i.path)).map((i) => i.path));
  return [...schemaIssues, ...more.filter((i) => !said.has(i.path))];
}
