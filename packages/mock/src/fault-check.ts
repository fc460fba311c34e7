// Checks a fault description before it is stored (POST /__mock/faults and the `faults` option):
// a hand-written check of a small fixed shape, so the mock needs no schema engine at run time.
// Each problem names the field and what is allowed; nothing is stored unless all are valid.

import { listModels } from "@monet-ai/models";
import { showValue } from "@monet-ai/models/validate";
import { operations } from "./generated/operations.gen.js";
import type { Fault } from "./options.js";
import { parseRate } from "./rate-limit.js";

export interface FaultIssue {
  field: string;
  message: string;
}

export const FAULT_KINDS = ["latency", "rate-limit", "server-error", "drop-after-create", "cut-stream", "task-failed", "status"] as const;
/** The longest injected delay: long enough for any timeout test, short enough to never hang a run. */
export const MAX_DELAY_MS = 60_000;
const MAX_TIMES = 1_000_000;
/** The operations table's methods (a DELETE the spec adds is allowed after `pnpm generate`), and HEAD. */
const METHODS = [...new Set([...Object.values(operations).map((o) => o.method as string), "HEAD"])];
/** An `error.code`: machine-readable, like the spec's (`content_policy_violation`). */
const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_MESSAGE = 500;

/** The `code` and `message` a failure or an error answer is given (a task-failed or status fault, a task advanced to failed). */
export function checkError(v: { code?: unknown; message?: unknown }, bad: (field: string, message: string, got: unknown) => void): void {
  if (v.code !== undefined && (typeof v.code !== "string" || !CODE.test(v.code)))
    bad("code", "must be a machine-readable code such as content_policy_violation (a-z, 0-9 and _, at most 64 characters)", v.code);
  if (v.message !== undefined && (typeof v.message !== "string" || !v.message || v.message.length > MAX_MESSAGE))
    bad("message", `must be a text of 1 to ${MAX_MESSAGE} characters`, v.message);
}
let models: Set<string> | undefined;
const isModel = (v: unknown) => {
  models ??= new Set(listModels().map((m) => m.id));
  return typeof v === "string" && models.has(v);
};
const COMMON = ["kind", "times", "path", "method"];
const FIELDS: Record<Fault["kind"], string[]> = {
  latency: ["ms"],
  "rate-limit": ["retryAfter", "rate", "burst"],
  "server-error": ["status"],
  "drop-after-create": [],
  "cut-stream": ["afterEvents"],
  "task-failed": ["model", "at", "code", "message"],
  status: ["status", "code", "message"],
};

const isInt = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** One fault: the normalised fault, or the issues (fields prefixed with `at`, like "[1].status"). */
export function checkFault(v: unknown, at = ""): { fault?: Fault; issues: FaultIssue[] } {
  const issues: FaultIssue[] = [];
  const bad = (field: string, message: string, got: unknown) => issues.push({ field: at + field, message: `${at + field} ${message} (got ${showValue(got)})` });
  if (!v || typeof v !== "object" || Array.isArray(v)) {
    issues.push({
      field: at,
      message: `${at.replace(/\.$/, "") || "a fault"} must be an object with a kind: one of ${FAULT_KINDS.join(", ")} (got ${showValue(v)})`,
    });
    return { issues };
  }
  const f = v as Record<string, unknown>;
  const kind = f.kind as Fault["kind"];
  if (!FAULT_KINDS.includes(kind)) {
    bad("kind", `must be one of ${FAULT_KINDS.join(", ")}`, f.kind);
    return { issues };
  }
  const own = [...COMMON, ...FIELDS[kind]];
  for (const k of Object.keys(f))
    if (!own.includes(k)) {
      const owner = (Object.keys(FIELDS) as Fault["kind"][]).find((x) => FIELDS[x].includes(k));
      bad(k, owner ? `applies to ${owner} faults only, not ${kind}` : `is not a field of a fault; the fields of ${kind} are ${own.join(", ")}`, f[k]);
    }
  const steady = kind === "rate-limit" && f.rate !== undefined;
  if (f.times !== undefined) {
    if (steady) bad("times", "does not apply to a steady rate limit (it lasts until the faults are cleared)", f.times);
    else if (!isInt(f.times, 1, MAX_TIMES)) bad("times", `must be a whole number from 1 to ${MAX_TIMES}`, f.times);
  }
  if (f.path !== undefined && (typeof f.path !== "string" || !f.path.startsWith("/") || f.path.length > 2000))
    bad("path", `must be a path prefix starting with "/", such as "${operations.listTasks.path}"`, f.path);
  if (f.method !== undefined && (typeof f.method !== "string" || !METHODS.includes(f.method.toUpperCase())))
    bad("method", `must be one of ${METHODS.join(", ")}`, f.method);
  if (f.ms !== undefined && !isInt(f.ms, 0, MAX_DELAY_MS)) bad("ms", `must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`, f.ms);
  if (f.retryAfter !== undefined && f.retryAfter !== null && !isInt(f.retryAfter, 0, 86_400))
    bad("retryAfter", "must be a whole number of seconds from 0 to 86400, or null to send no Retry-After", f.retryAfter);
  if (kind === "status" && !isInt(f.status, 400, 599)) bad("status", "must be an error status: a whole number from 400 to 599", f.status);
  else if (kind !== "status" && f.status !== undefined && ![500, 502, 503, 504].includes(f.status as number))
    bad("status", "must be an error status: one of 500, 502, 503, 504", f.status);
  if (f.model !== undefined && !isModel(f.model)) bad("model", 'must be a model id of the catalog, such as "sora-2"', f.model);
  if (f.at !== undefined && !isInt(f.at, 0, 100)) bad("at", "must be the progress at which the task fails: a whole number from 0 (at once) to 100", f.at);
  checkError(f, bad);
  if (f.afterEvents !== undefined && !isInt(f.afterEvents, 0, 10_000)) bad("afterEvents", "must be a whole number of events from 0 to 10000", f.afterEvents);
  if (f.burst !== undefined && f.rate === undefined) bad("burst", 'needs a rate (a steady limit such as "20/s")', f.burst);
  if (f.rate !== undefined) {
    try {
      if (typeof f.rate !== "string" && typeof f.rate !== "number") throw new Error('must be a rate such as "20/s"');
      parseRate(f.rate, f.burst as number | undefined);
    } catch (e) {
      const message = (e as Error).message;
      if (message.startsWith("burst")) bad("burst", message.replace(/^burst /, "").replace(/ \(got .*\)$/, ""), f.burst);
      else bad("rate", message.replace(/ \(got .*\)$/, ""), f.rate);
    }
  }
  if (issues.length) return { issues };
  return { fault: { ...(f as unknown as Fault), ...(typeof f.method === "string" ? { method: f.method.toUpperCase() } : {}) }, issues };
}

/** A fault or a list of them (at most 100): all valid, or none taken. */
export function checkFaults(body: unknown): { faults: Fault[]; issues: FaultIssue[] } {
  const list = Array.isArray(body) ? body : [body];
  if (list.length > 100) return { faults: [], issues: [{ field: "", message: `send at most 100 faults at once (got ${list.length})` }] };
  const results = list.map((f, i) => checkFault(f, Array.isArray(body) ? `[${i}].` : ""));
  const issues = results.flatMap((r) => r.issues.map((x) => ({ ...x, field: x.field.replace(/\.$/, "") })));
  return { faults: issues.length ? [] : results.flatMap((r) => (r.fault ? [r.fault] : [])), issues };
}
