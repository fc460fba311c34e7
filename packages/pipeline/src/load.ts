// Reading a pipeline: the file (YAML or JSON), its shape, its items, and the graph of steps and
// tasks. Every problem is collected and reported at once, before any network call.
import { TASK_TYPES } from "@monet-ai/client/operations";
import { checkInputs } from "./check.js";
import { linesOf, locate } from "./check-lines.js";
import { CONCURRENCY } from "./concurrency.js";
import type { Pipeline, PipelineDefinition, Step, TaskNode, TaskType } from "./definition.js";
import { assertNoIssues, PipelineFileError, type PipelineIssue } from "./errors.js";
import { itemKeys, namedByPosition, usedFields } from "./item-keys.js";
import { itemNames } from "./item-names.js";
import { loadItems } from "./items.js";
import { realFolder } from "./paths.js";
import { type PipelineFileOptions, readPipelineFile } from "./pipeline-file.js";
import { parseRefs, strings } from "./template.js";

const TYPES: readonly string[] = TASK_TYPES;
const STEP_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PIPELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TOP = ["$schema", "name", "concurrency", "item_name", "items", "steps"];
const STEP_KEYS = ["foreach", "type", "input", "needs"];

/** Reads and checks a pipeline file; throws PipelineFileError naming every problem. */
export function loadPipelineFile(file: string, opts: PipelineFileOptions = {}): Pipeline {
  const { abs, dir, raw, lines } = readPipelineFile(file, opts);
  try {
    const p = buildPipeline(raw, { baseDir: dir, file: abs, baseIsReal: true });
    linesOf.set(p, lines);
    return p;
  } catch (e) {
    // Each problem names its line in the file (or its item's row), as a compiler's does.
    if (e instanceof PipelineFileError) locate(e.issues, lines);
    throw e;
  }
}

/**
 * Checks a definition (parsed from a file or written in code) and builds its task graph.
 * `baseDir` is resolved to its real path once, here, unless `baseIsReal` (it was found from the
 * opened pipeline file): every item file and local medium is then checked against that folder.
 */
export function buildPipeline(def: unknown, opts: { baseDir?: string; file?: string; baseIsReal?: boolean } = {}): Pipeline {
  const issues: PipelineIssue[] = [];
  const baseDir = opts.baseIsReal && opts.baseDir ? opts.baseDir : realFolder(opts.baseDir ?? process.cwd());
  if (!def || typeof def !== "object" || Array.isArray(def))
    throw new PipelineFileError([{ path: "", message: "a pipeline must be an object with name and steps" }], opts.file);
  const d = def as PipelineDefinition;
  for (const k of Object.keys(d)) if (!TOP.includes(k)) issues.push({ path: k, message: `${k} is not a pipeline field; the fields are ${TOP.join(", ")}` });
  if (typeof d.name !== "string" || !PIPELINE_NAME.test(d.name))
    issues.push({ path: "name", message: `name is required: letters, digits, '.', '_' or '-', up to 100 (got ${JSON.stringify(d.name)})` });
  const concurrency = d.concurrency ?? CONCURRENCY.default;
  if (!Number.isInteger(concurrency) || concurrency < CONCURRENCY.minimum || concurrency > CONCURRENCY.maximum)
    issues.push({
      path: "concurrency",
      message: `concurrency must be a whole number from ${CONCURRENCY.minimum} to ${CONCURRENCY.maximum} (got ${JSON.stringify(d.concurrency)})`,
    });
  if (d.item_name !== undefined && typeof d.item_name !== "string")
    issues.push({ path: "item_name", message: `item_name must be the name of an item field (got ${JSON.stringify(d.item_name)})` });
  const items = loadItems(d.items, baseDir, issues);
  const names = issues.some((i) => i.path.startsWith("items")) ? items.map((_, i) => String(i + 1)) : itemNames(items, d.item_name, issues);

  const steps = new Map<string, Step>();
  if (!d.steps || typeof d.steps !== "object" || Array.isArray(d.steps) || !Object.keys(d.steps).length)
    issues.push({ path: "steps", message: "steps is required: an object of named steps, each with type and input" });
  else
    for (const [name, raw] of Object.entries(d.steps)) {
      const step = checkStep(name, raw, d.items !== undefined, issues);
      if (step) steps.set(name, step);
    }
  // Step names are folder names: `still` and `Still` would be one folder on macOS and Windows disks.
  const folders = new Map<string, string>();
  for (const name of steps.keys()) {
    const other = folders.get(name.toLowerCase());
    if (other === undefined) folders.set(name.toLowerCase(), name);
    else
      issues.push({
        path: `steps.${name}`,
        step: name,
        message: `steps ${other} and ${name} differ only in letter case: macOS and Windows disks take their output folders for one; rename one of them`,
      });
  }
  for (const s of steps.values())
    for (const dep of s.deps) {
      const target = steps.get(dep);
      if (!target && d.steps && !(dep in d.steps))
        issues.push({
          path: `steps.${s.name}`,
          step: s.name,
          message: `steps.${s.name} refers to step ${dep}, which does not exist; the steps are ${Object.keys(d.steps).join(", ")}`,
        });
      else if (target && !s.foreach && target.foreach && refersTo(s, dep))
        issues.push({
          path: `steps.${s.name}.input`,
          step: s.name,
          message: `steps.${s.name} runs once (no foreach) and cannot use the outputs of ${dep}, which runs per item; add foreach: items, or use needs: [${dep}] to wait for all of them`,
        });
    }
  const ordered = order(steps, issues);
  const keysFor = (of: readonly Step[]) => itemKeys(items, d.item_name, usedFields(of.map((s) => s.input)));
  if (issues.length) {
    // Every step's problems in one round: the steps that are sound, and wait only for sound steps,
    // have their inputs checked too (a misspelt model in a sound step was reported a round later).
    const sound = soundSteps(ordered, steps, issues);
    if (sound.length) {
      const partial = { name: d.name, concurrency, file: opts.file, baseDir, items, itemNames: names, positional: false, steps: sound };
      const keys = sound.some((s) => s.foreach) ? keysFor(sound) : [];
      issues.push(...checkInputs({ ...partial, itemKeys: keys, nodes: graph(sound, steps, items, names, keys) }, { media: true }));
    }
    assertNoIssues(issues, opts.file);
  }

  const keys = keysFor([...steps.values()]);
  return {
    name: d.name,
    concurrency,
    file: opts.file,
    baseDir,
    items,
    itemNames: names,
    itemKeys: keys,
    positional: namedByPosition(items, d.item_name),
    steps: ordered,
    nodes: graph(ordered, steps, items, names, keys),
  };
}

/**
 * The steps of `ordered` with no issue of their own whose dependencies are all such steps; none
 * that runs per item when the items themselves have problems.
 */
function soundSteps(ordered: readonly Step[], steps: ReadonlyMap<string, Step>, issues: readonly PipelineIssue[]): Step[] {
  const broken = new Set(issues.map((i) => i.step).filter((s) => s !== undefined));
  const itemsBroken = issues.some((i) => i.path.startsWith("items") || i.path === "item_name");
  const sound = new Set<string>();
  // In dependency order: a step's dependencies were judged before it (a step in a cycle has an issue, or waits for one that has).
  for (const s of ordered) if (!broken.has(s.name) && !(s.foreach && itemsBroken) && s.deps.every((dep) => sound.has(dep) && steps.has(dep))) sound.add(s.name);
  return ordered.filter((s) => sound.has(s.name));
}

/** The tasks of `ordered` (dependencies first), each waiting for those of its dependencies. */
function graph(ordered: readonly Step[], steps: ReadonlyMap<string, Step>, items: Record<string, unknown>[], names: string[], keys: string[]): TaskNode[] {
  const nodes: TaskNode[] = [];
  const byStep = new Map<string, TaskNode[]>();
  for (const s of ordered) {
    const own: TaskNode[] = s.foreach
      ? items.map((item, i) => ({ id: `${s.name}/${names[i]}`, step: s, itemIndex: i, item, itemName: names[i], itemKey: keys[i], deps: [] }))
      : [{ id: `${s.name}/${s.name}`, step: s, itemName: s.name, itemKey: s.name, deps: [] }];
    for (const n of own)
      for (const dep of s.deps) {
        // Steps are ordered so that a step's dependencies came first.
        const theirs = byStep.get(dep) ?? [];
        // Per item when both run per item: item 2's clip waits for item 2's still only.
        n.deps.push(...(steps.get(dep)?.foreach && n.itemIndex !== undefined ? [theirs[n.itemIndex]] : theirs));
      }
    byStep.set(s.name, own);
    nodes.push(...own);
  }
  return nodes;
}

function refersTo(s: Step, dep: string) {
  for (const [, v] of strings(s.input)) if (parseRefs(v).refs.some((r) => r.kind === "step" && r.step === dep)) return true;
  return false;
}

function checkStep(name: string, raw: unknown, hasItems: boolean, issues: PipelineIssue[]): Step | undefined {
  const at = `steps.${name}`;
  const issue = (p: string, message: string) => issues.push({ path: p, step: name, message });
  if (!STEP_NAME.test(name)) issue(at, `step name ${JSON.stringify(name)} must be letters, digits, '_' or '-' (it names a folder of outputs)`);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return void issue(at, `${at} must be an object with type and input`);
  const s = raw as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!STEP_KEYS.includes(k)) issue(`${at}.${k}`, `${at}.${k} is not a step field; the fields are ${STEP_KEYS.join(", ")}`);
  if (s.foreach !== undefined && s.foreach !== "items") issue(`${at}.foreach`, `${at}.foreach must be items (got ${JSON.stringify(s.foreach)})`);
  if (s.foreach === "items" && !hasItems) issue(`${at}.foreach`, `${at}.foreach: items, but the pipeline has no items`);
  if (!TYPES.includes(s.type as string)) issue(`${at}.type`, `${at}.type must be one of ${TYPES.join(", ")} (got ${JSON.stringify(s.type)})`);
  if (!s.input || typeof s.input !== "object" || Array.isArray(s.input))
    return void issue(`${at}.input`, `${at}.input must be an object with model and the model's fields`);
  const deps = new Set<string>();
  if (s.needs !== undefined) {
    if (!Array.isArray(s.needs) || s.needs.some((n) => typeof n !== "string")) issue(`${at}.needs`, `${at}.needs must be a list of step names`);
    else for (const n of s.needs as string[]) deps.add(n);
  }
  for (const [p, v] of strings(s.input)) {
    const { refs, error } = parseRefs(v);
    if (error) issue(`${at}.input.${p}`, `${at}.input.${p}: ${error}`);
    for (const r of refs) {
      if (r.kind === "step") deps.add(r.step);
      else if (s.foreach !== "items") issue(`${at}.input.${p}`, `${at}.input.${p} uses \${{ item.${r.field.join(".")} }} but the step has no foreach: items`);
    }
  }
  if (deps.has(name)) issue(at, `${at} refers to its own outputs`);
  deps.delete(name);
  return { name, type: s.type as TaskType, input: s.input as Record<string, unknown>, foreach: s.foreach === "items", deps: [...deps], depth: 0 };
}

/** Steps in dependency order, with their depth; a cycle is an issue naming its steps. */
function order(steps: Map<string, Step>, issues: PipelineIssue[]): Step[] {
  const out: Step[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: Step, trail: string[]): number => {
    if (state.get(s.name) === "done") return s.depth;
    if (state.get(s.name) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(s.name)), s.name];
      issues.push({ path: `steps.${s.name}`, step: s.name, message: `steps ${cycle.join(" -> ")} wait for each other in a cycle` });
      return 0;
    }
    state.set(s.name, "visiting");
    let depth = 0;
    for (const d of s.deps) {
      const t = steps.get(d);
      if (t) depth = Math.max(depth, visit(t, [...trail, s.name]) + 1);
    }
    s.depth = depth;
    state.set(s.name, "done");
    out.push(s);
    return depth;
  };
  for (const s of steps.values()) visit(s, []);
  return out;
}
