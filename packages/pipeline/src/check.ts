// Checking every task of a pipeline before anything is created: each step's input for each item,
// after substitution, against the model catalog (outputs of earlier steps stand in as URLs), and
// the plan: tasks per step and model, credits where the reference publishes pricing.
import { estimateCredits, getModel, validateInput } from "@monet-ai/models";
import { itemPlaces, linesOf, locate } from "./check-lines.js";
import type { Pipeline, TaskNode } from "./definition.js";
import type { PipelineIssue } from "./errors.js";
import type { Fate } from "./found-in-journal.js";
import { mediaIssue } from "./local-media.js";
import { plannedOutput, resolveInput } from "./resolve.js";
import { parseRefs, strings } from "./template.js";

const UPLOAD_STANDIN = "https://upload.invalid/local-file";

/** Where a problem is, in words: `step clip, item 2`. */
export const where = (node: TaskNode) => (node.step.foreach ? `step ${node.step.name}, item ${node.itemName}` : `step ${node.step.name}`);

/**
 * Every problem with every task's input; `[]` when all can be sent. `media`: also open each local
 * file as the run will and check its first bytes (a dry run and a run, before anything is sent;
 * each upload checks the file again, a file changed since failing only its task, `cause: "input"`).
 */
export function checkInputs(p: Pipeline, opts: { media?: boolean } = {}): PipelineIssue[] {
  const issues: PipelineIssue[] = [];
  const misnamed = new Set<PipelineIssue>();
  // An issue with a value the step takes from the item: the item's row (its CSV or JSONL line).
  const place = (node: TaskNode, from: number) => {
    for (const i of issues.slice(from)) if (i.field && node.item && !misnamed.has(i) && fromItem(node, i.field)) Object.assign(i, itemPlaces.get(node.item));
  };
  // A file many items name the same way is read once (the message names the field and the name as written).
  const media = new Map<string, string | undefined>();
  for (const node of p.nodes) {
    const from = issues.length;
    checkNode(node);
    place(node, from);
  }
  return locate(issues, linesOf.get(p));

  function checkNode(node: TaskNode) {
    const r = resolveInput(p, node, plannedOutput(node));
    const base = { step: node.step.name, ...(node.step.foreach ? { item: node.itemName } : {}) };
    if (!r.ok) {
      issues.push({ ...base, path: `steps.${node.step.name}.input.${r.field}`, field: r.field, message: `${where(node)}: input.${r.message}` });
      return;
    }
    for (const l of opts.media ? r.local : []) {
      const field = `${l.field}[${l.index}]`;
      const use = `${field}\n${l.given}\n${l.path}`;
      if (!media.has(use)) media.set(use, mediaIssue(p.baseDir, l));
      const why = media.get(use);
      if (why) issues.push({ ...base, path: `steps.${node.step.name}.input.${field}`, field, message: `${where(node)}: ${why}` });
    }
    const probe = { ...r.input };
    // The model's field names, from the catalog: a name the input holds and the model has not is misspelt.
    const fields = typeof probe.model === "string" ? getModel(node.step.type, probe.model)?.fields.map((f) => f.name) : undefined;
    for (const l of r.local) probe[l.field] = (probe[l.field] as unknown[]).map((v, i) => (i === l.index ? UPLOAD_STANDIN : v));
    for (const i of validateInput(node.step.type, probe)) {
      const issue = {
        ...base,
        path: `steps.${node.step.name}.input${i.path ? `.${i.path}` : ""}`,
        field: i.path || "input",
        message: `${where(node)}: input.${i.message}`,
      };
      // A misspelt field name is a mistake in the step, whatever the item holds: its YAML line.
      // Told from the data (a key of the input the model does not have), not the message's words.
      if (fields && i.path !== "model" && Object.hasOwn(probe, i.path) && !fields.includes(i.path)) misnamed.add(issue);
      issues.push(issue);
    }
  }
}

/** The step writes `field` from the item (`${{ item.duration }}`): the mistake is in the item's row. */
function fromItem(node: TaskNode, field: string): boolean {
  const written = node.step.input[field.split(/[.[]/)[0]];
  for (const [, v] of strings(written)) if (parseRefs(v).refs.some((r) => r.kind === "item")) return true;
  return false;
}

export interface PlanRow {
  step: string;
  type: string;
  model: string;
  tasks: number;
  /** Of `tasks`, how many the run would create (and pay for); present when the output folder's journal was read (fatesInJournal). */
  create?: number;
  /**
   * Estimated credits of the tasks the run would create (all of them without a journal), or a range
   * when the output length, or a field the price depends on, is not known in advance; undefined
   * without published pricing.
   */
  credits?: { min: number; max: number };
}

/**
 * Tasks per step and model, with credits where the reference publishes pricing. `fates`: what a run
 * into the folder would do with each task (fatesInJournal): only those it would create are priced.
 */
export function planRows(p: Pipeline, fates?: ReadonlyMap<string, Fate>): PlanRow[] {
  const rows = new Map<string, PlanRow>();
  for (const node of p.nodes) {
    const r = resolveInput(p, node, plannedOutput(node));
    const input = r.ok ? r.input : node.step.input;
    const model = typeof input.model === "string" ? input.model : "?";
    const key = `${node.step.name}\n${model}`;
    const row = rows.get(key) ?? { step: node.step.name, type: node.step.type, model, tasks: 0, ...(fates ? { create: 0 } : {}), credits: { min: 0, max: 0 } };
    row.tasks++;
    rows.set(key, row);
    if (fates && fates.get(node.id) !== "created") continue;
    if (row.create !== undefined) row.create++;
    const c = credits(node.step.type, input as { model: string });
    row.credits = c && row.credits ? { min: row.credits.min + c.min, max: row.credits.max + c.max } : undefined;
  }
  return [...rows.values()];
}

/** The plan's credits added up, over the rows with published pricing; `unpublished`: the models of the others. */
export function totalCredits(rows: readonly PlanRow[]): { min: number; max: number; unpublished: string[] } {
  const total = { min: 0, max: 0, unpublished: [] as string[] };
  for (const r of rows) {
    if (r.credits) {
      total.min += r.credits.min;
      total.max += r.credits.max;
    } else if (!total.unpublished.includes(r.model)) total.unpublished.push(r.model);
  }
  return total;
}

function credits(type: string, input: { model: string; duration?: unknown; [field: string]: unknown }) {
  const m = getModel(type, input.model);
  if (!m?.pricing) return undefined;
  const t = type as "video";
  // The length follows the reference video: the seed's range of output seconds gives a range.
  const seconds = typeof input.duration === "number" ? { min: input.duration, max: input.duration } : m.durationSeconds;
  if (!seconds) return undefined;
  // A price by a field the input leaves unset (resolution): the range across the published rates.
  const by = "creditsPerSecondBy" in m.pricing ? m.pricing.creditsPerSecondBy : undefined;
  const inputs = by && input[by] === undefined ? Object.keys((m.pricing as { rates: object }).rates).map((v) => ({ ...input, [by]: v })) : [input];
  const lo = inputs.map((i) => estimateCredits(t, i, seconds.min));
  const hi = inputs.map((i) => estimateCredits(t, i, seconds.max));
  if ([...lo, ...hi].some((c) => c === undefined)) return undefined;
  return { min: Math.min(...(lo as number[])), max: Math.max(...(hi as number[])) };
}
