// The idempotency key of a create_*_task call that names none. An agent whose call timed out
// calls again with the same arguments; with a fresh key each time, every such retry would be a
// second paid task. So a call without a key reuses the key of the last call with the same type
// and input, until a call has handed the agent that task's end (its outputs or its failure):
// after that, the same input again is a new request and gets a new key. An agent that wants two
// tasks from one input at once passes two keys.
import { createHash, randomUUID } from "node:crypto";

/** Inputs remembered at most (the oldest forgotten first): a bound on memory, not a rule. */
const REMEMBERED = 1000;

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same input. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);

export function retryKeys() {
  /** Input fingerprint -> the key in use for it; task id -> the fingerprint that made it. */
  const keys = new Map<string, string>();
  const made = new Map<string, string>();
  const fingerprint = (type: string, input: unknown) => createHash("sha256").update(canonical({ type, input })).digest("hex");
  const bounded = (m: Map<string, string>) => m.size > REMEMBERED && m.delete(m.keys().next().value as string);
  return {
    /** The key for this input: the one in use for it, or a new one. */
    keyFor(type: string, input: unknown): string {
      const f = fingerprint(type, input);
      let key = keys.get(f);
      if (!key) {
        key = `mcp-${randomUUID()}`;
        keys.set(f, key);
        bounded(keys);
      }
      return key;
    },
    /** The task a call without a key of its own created (or found again). */
    made(type: string, input: unknown, taskId: string) {
      made.set(taskId, fingerprint(type, input));
      bounded(made);
    },
    /** The agent has been handed this task's end (outputs or failure): its input again makes a new task. */
    ended(taskId: string) {
      const f = made.get(taskId);
      if (f) keys.delete(f);
      made.delete(taskId);
    },
  };
}
