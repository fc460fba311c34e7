// Faults injected on demand: by options, or by POST /__mock/faults from a test or a frontend
// developer who wants to see their error UI. Every fault is checked first (fault-check.ts).
// A `rate-limit` fault with a `rate` is a steady limit per key that lasts until cleared.
import { checkFault, type FaultIssue } from "./fault-check.js";
import type { Fault } from "./options.js";
import { parseRate, TokenBuckets } from "./rate-limit.js";

export class FaultError extends Error {
  constructor(readonly issues: FaultIssue[]) {
    super(`Invalid fault: ${issues.map((i) => i.message).join("; ")}`);
  }
}

const matches = (f: Fault, method: string, path: string) => (!f.method || f.method === method) && (!f.path || path.startsWith(f.path));

export class Faults {
  private rules: (Fault & { left: number })[] = [];
  private steady: { fault: Fault; buckets: TokenBuckets }[] = [];

  /** Adds a fault; throws FaultError naming the fields when it is not valid. */
  add(input: Fault) {
    const { fault, issues } = checkFault(input);
    if (!fault) throw new FaultError(issues);
    if (fault.kind === "rate-limit" && fault.rate !== undefined) this.steady.push({ fault, buckets: new TokenBuckets(parseRate(fault.rate, fault.burst)) });
    else this.rules.push({ ...fault, left: fault.times ?? 1 });
  }

  list() {
    return [...this.steady.map((s) => s.fault), ...this.rules.map(({ left, ...f }) => ({ ...f, left }))];
  }

  clear() {
    this.rules = [];
    this.steady = [];
  }

  /** Takes the next fault of these kinds that matches the request (and the task's model, when given), if any. */
  take(method: string, path: string, kinds: readonly Fault["kind"][], model?: string): Fault | undefined {
    if (!this.rules.length) return undefined;
    const i = this.rules.findIndex((r) => kinds.includes(r.kind) && matches(r, method, path) && (!r.model || r.model === model));
    if (i < 0) return undefined;
    const r = this.rules[i];
    if (--r.left <= 0) this.rules.splice(i, 1);
    return r;
  }

  /** The wait (ms) a steady rate-limit fault imposes on this key's request, or 0. */
  limited(method: string, path: string, key: string, now?: number): { waitMs: number; rate: string } | undefined {
    for (const s of this.steady) {
      if (!matches(s.fault, method, path)) continue;
      const waitMs = s.buckets.take(key, now);
      if (waitMs > 0) return { waitMs, rate: s.buckets.rate.text };
    }
    return undefined;
  }
}
