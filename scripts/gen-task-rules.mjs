// The task's life as data, from the spec: which statuses end a task (`x-monet-final` on the status
// enum), which of them means the outputs are ready (`x-monet-success`), the task types and the
// fields of a create request. wait,
// stream, the CLI and the MCP server read these, so a new status or type is one spec edit.
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { knownValues, readBundledSpec, resolveComponent } from "./spec-models.mjs";

export const TASK_RULES_OUT = "packages/client/src/generated/task-rules.gen.ts";
/** The mock simulates tasks without depending on the client: it gets its own copy. */
export const TASK_RULES_COPIES = ["packages/mock/src/generated/task-rules.gen.ts"];

/** The statuses and types, checked: the final ones and the success one must be statuses of the enum. */
export function taskRules(spec) {
  const task = spec.components.schemas.Task;
  const status = resolveComponent(spec, task.properties.status, "schemas");
  // An open enum (anyOf: the known values, or any string): the known ones are the enum branch's.
  const types = knownValues(spec, resolveComponent(spec, task.properties.type, "schemas"));
  if (!types) throw new Error("Task.type needs its known types: an enum, or an anyOf with an enum branch");
  const known = knownValues(spec, status);
  if (!known) throw new Error("Task.status needs its known statuses: an enum, or an anyOf with an enum branch");
  const final = status["x-monet-final"];
  const success = status["x-monet-success"];
  if (!Array.isArray(final) || !final.length) throw new Error("Task.status needs x-monet-final: the statuses that end a task");
  for (const s of final) if (!known.includes(s)) throw new Error(`x-monet-final names ${s}, which is not a known task status (${known.join(", ")})`);
  if (!final.includes(success)) throw new Error(`x-monet-success must be one of x-monet-final (${final.join(", ")}), got ${success}`);
  // CreateTaskRequest is a oneOf, one request schema per type: its fields are all of theirs.
  const request = spec.components.schemas.CreateTaskRequest;
  const branches = (request.oneOf ?? [request]).map((b) => resolveComponent(spec, b, "schemas"));
  const requestFields = [...new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})))];
  return { known, final, success, types, requestFields };
}

export function taskRulesModule({ known, final, success, types, requestFields }) {
  return `// ${GENERATED_NOTE}
// The task's statuses and types, from the spec (Task.status's x-monet-final and x-monet-success).

/** The statuses this spec names (its open enum's known branch); the API may send others, which are not final. */
export const TASK_STATUSES = ${JSON.stringify(known)} as const;
/** The statuses that end a task. Any other, known or not, is not final (new ones may come). */
export const FINAL_STATUSES = ${JSON.stringify(final)} as const;
/** The final status whose outputs are ready; every other final status is a failure. */
export const SUCCESS_STATUS = ${JSON.stringify(success)} as const;
/** The kinds of task (Task.type). */
export const TASK_TYPES = ${JSON.stringify(types)} as const;
/** The fields of a create request (CreateTaskRequest, every type's); no other is allowed. */
export const TASK_REQUEST_FIELDS = ${JSON.stringify(requestFields)} as const;
`;
}

export function generateTaskRules({ out }) {
  const module = taskRulesModule(taskRules(readBundledSpec(out)));
  for (const rel of [TASK_RULES_OUT, ...TASK_RULES_COPIES]) {
    const file = path.join(out, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, module);
  }
}
