// Faults injected on demand: by options, or by POST /__mock/faults from a test or a frontend
// developer who wants to see their error UI.
import type { Fault } from "./options.js";

export class Faults {
  private rules: (Fault & { left: number })[] = [];

  add(f: Fault) {
    const kinds = ["latency", "rate-limit", "server-error", "drop-after-create", "cut-stream"];
    if (!kinds.includes(f?.kind)) throw new Error(`fault kind must be one of ${kinds.join(", ")}`);
    this.rules.push({ ...f, left: f.times ?? 1 });
  }

  list() {
    return this.rules.map(({ left, ...f }) => ({ ...f, left }));
  }

  clear() {
    this.rules = [];
  }

  /** Takes the next fault of these kinds that matches the request, if any. */
  take(method: string, path: string, kinds: readonly Fault["kind"][]): Fault | undefined {
    if (!this.rules.length) return undefined;
    const i = this.rules.findIndex(
      (r) => kinds.includes(r.kind) && (!r.method || r.method.toUpperCase() === method) && (!r.path || path.startsWith(r.path)),
    );
    if (i < 0) return undefined;
    const r = this.rules[i];
    if (--r.left <= 0) this.rules.splice(i, 1);
    return r;
  }
}
