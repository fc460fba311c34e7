// Checks what a test asks of the mock's time before anything moves: a task's advance
// (`POST /__mock/tasks/{id}/advance`, `mock.advanceTask`) and the clock's (`POST /__mock/advance`,
// `mock.advanceClock`). Each problem names the field and what is allowed, as a fault's check does.
import { showValue } from "@monet-ai/models/validate";
import { checkError, type FaultIssue } from "./fault-check.js";
import { FINAL_STATUSES } from "./generated/task-rules.gen.js";
import type { AdvanceTarget } from "./tasks.js";

export interface Advance {
  /** `success`, `failed`, or a progress from 0 to 100 in the mock's steps of 10 (100 is success). */
  to: AdvanceTarget;
  /** With `to: "failed"`: the task's `error.code` (default generation_failed). */
  code?: string;
  /** With `to: "failed"`: the task's `error.message`. */
  message?: string;
}

/** The longest clock advance, in ms: a year, past any task and any upload's lifetime. */
export const MAX_ADVANCE_MS = 365 * 24 * 60 * 60 * 1000;
/**
 * The final statuses the mock can put a task in (tasks.ts's `advance` simulates these; the type
 * keeps this list and that one the same). A final status the spec adds (`cancelled`) is refused
 * by name until tasks.ts simulates it, rather than accepted and ignored.
 */
const SIMULATED: Record<Exclude<AdvanceTarget, number>, true> = { success: true, failed: true };
const targets = (finals: readonly string[]) =>
  `${finals
    .filter((s) => s in SIMULATED)
    .map((s) => JSON.stringify(s))
    .join(", ")}, or a progress from 0 to 100 in steps of 10`;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** `finals`: the spec's final statuses (a test passes others, as a spec that adds one would). */
export function checkAdvance(v: unknown, finals: readonly string[] = FINAL_STATUSES): { advance?: Advance; issues: FaultIssue[] } {
  const TARGETS = targets(finals);
  const issues: FaultIssue[] = [];
  const bad = (field: string, message: string, got: unknown) => issues.push({ field, message: `${field} ${message} (got ${showValue(got)})` });
  if (!isObject(v)) {
    bad("to", `must be given in an object such as {"to":"success"}: ${TARGETS}`, v);
    return { issues };
  }
  for (const k of Object.keys(v)) if (!["to", "code", "message"].includes(k)) bad(k, "is not a field of an advance; its fields are to, code, message", v[k]);
  const to = v.to;
  const step = typeof to === "number" && Number.isInteger(to) && to >= 0 && to <= 100 && to % 10 === 0;
  if (!step && typeof to === "string" && finals.includes(to) && !(to in SIMULATED))
    bad("to", `is a final status the mock cannot simulate yet (it simulates ${TARGETS}; add ${JSON.stringify(to)} to tasks.ts's advance)`, to);
  else if (!step && !(finals.includes(to as string) && (to as string) in SIMULATED)) bad("to", `must be ${TARGETS}`, to);
  for (const k of ["code", "message"] as const) if (v[k] !== undefined && to !== "failed") bad(k, 'applies to {"to":"failed"} only', v[k]);
  checkError(v, bad);
  return issues.length ? { issues } : { advance: v as unknown as Advance, issues };
}

export function checkClockAdvance(v: unknown): { ms?: number; issues: FaultIssue[] } {
  const ms = isObject(v) ? v.ms : undefined;
  const extra = isObject(v) ? Object.keys(v).filter((k) => k !== "ms") : [];
  const issues: FaultIssue[] = extra.map((k) => ({ field: k, message: `${k} is not a field of a clock advance; send {"ms": N}` }));
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS)
    issues.push({ field: "ms", message: `ms must be a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS} (a year) (got ${showValue(ms)})` });
  return issues.length ? { issues } : { ms: ms as number, issues };
}
