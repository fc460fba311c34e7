// Tasks and their life: pending, then processing with rising progress, then success (or failed
// when the prompt asks for it). State is computed from the clock on every read, so a thousand
// tasks cost no timers. Past `maxTasks` the oldest task is evicted, with its idempotency key.
import { OUTPUT_EXT } from "./placeholders.js";

export type TaskType = "video" | "image" | "music";

export interface StoredTask {
  id: string;
  owner: string;
  /** The idempotency key it was created with. */
  key: string;
  type: TaskType;
  model: string;
  created: number;
  /** created as ISO text, computed once: every read shows it. */
  createdAt: string;
  fails: boolean;
  /** The create request's JSON text, to tell a replay from a conflicting reuse of a key. */
  body: string;
}

/** The documented way to ask the mock for a failed task: put `[fail]` in the prompt. */
export const FAIL_MARKER = "[fail]";
const PENDING_SHARE = 0.1;

/** ISO text of a time; the last one is kept, as a burst of creates shares its millisecond. */
let lastMs = Number.NaN;
let lastIso = "";
const iso = (ms: number) => {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
};
/** Six base-36 digits: the random part of a task id. */
const RANDOM_RANGE = 36 ** 6;

export class TaskStore {
  /** Oldest first (insertion order): eviction takes the first. */
  private byId = new Map<string, StoredTask>();
  /** Newest last, per owner. */
  private byOwner = new Map<string, StoredTask[]>();
  /** Per owner, then per idempotency key: no key string is built per request. */
  private byKey = new Map<string, Map<string, StoredTask>>();
  private seq = 0;

  constructor(
    private duration: number,
    private maxTasks = 100_000,
  ) {}

  get size() {
    return this.byId.size;
  }

  /** The task for this owner's idempotency key, if any. */
  forKey(owner: string, key: string) {
    return this.byKey.get(owner)?.get(key);
  }

  create(owner: string, key: string, type: TaskType, input: { model: string; prompt?: unknown }, body: string, now = Date.now()) {
    const id = `task_${(++this.seq).toString(36)}${Math.floor(Math.random() * RANDOM_RANGE)
      .toString(36)
      .padStart(6, "0")}`;
    while (this.byId.size >= this.maxTasks) this.evictOldest();
    const t: StoredTask = {
      id,
      owner,
      key,
      type,
      model: input.model,
      created: now,
      createdAt: iso(now),
      fails: typeof input.prompt === "string" && input.prompt.includes(FAIL_MARKER),
      body,
    };
    this.byId.set(id, t);
    let keys = this.byKey.get(owner);
    let list = this.byOwner.get(owner);
    if (!keys || !list) {
      keys = new Map();
      list = [];
      this.byKey.set(owner, keys);
      this.byOwner.set(owner, list);
    }
    keys.set(key, t);
    list.push(t);
    return t;
  }

  get(owner: string, id: string) {
    const t = this.byId.get(id);
    return t && t.owner === owner ? t : undefined;
  }

  /** One page, newest first. */
  page(owner: string, page: number, pageSize: number) {
    const list = this.byOwner.get(owner) ?? [];
    const end = list.length - (page - 1) * pageSize;
    const start = Math.max(0, end - pageSize);
    return { tasks: end > 0 ? list.slice(start, end).reverse() : [], total: list.length };
  }

  private evictOldest() {
    const t = this.byId.values().next().value;
    if (!t) return;
    this.byId.delete(t.id);
    this.byKey.get(t.owner)?.delete(t.key);
    const list = this.byOwner.get(t.owner) ?? [];
    // The oldest task of all is the oldest of its owner: the head of that owner's list.
    list.shift();
    if (!list.length) {
      this.byOwner.delete(t.owner);
      this.byKey.delete(t.owner);
    }
  }

  all() {
    return [...this.byId.values()];
  }

  clear() {
    this.byId.clear();
    this.byOwner.clear();
    this.byKey.clear();
  }

  /** The task as the API shows it at `now`. */
  view(t: StoredTask, origin: string, now = Date.now()) {
    const elapsed = now - t.created;
    const d = this.duration;
    const base = { id: t.id, type: t.type, created_at: t.createdAt };
    if (elapsed < d * PENDING_SHARE && elapsed < d) return { ...base, status: "pending", outputs: [], updated_at: t.createdAt };
    if (elapsed < d) {
      // Progress moves in steps of 10%, each step a real change with its own updated_at.
      const step = Math.min(9, Math.floor((elapsed / d) * 10));
      const progress = Math.max(1, step * 10);
      const changed = t.created + Math.max(d * PENDING_SHARE, (step / 10) * d);
      return { ...base, status: "processing", outputs: [{ model: t.model, status: "processing", progress }], updated_at: iso(changed) };
    }
    const done = iso(t.created + d);
    if (t.fails)
      return {
        ...base,
        status: "failed",
        outputs: [{ model: t.model, status: "failed", progress: 90 }],
        error: { code: "generation_failed", message: `The mock failed this task because its prompt contains ${FAIL_MARKER}.` },
        updated_at: done,
      };
    return {
      ...base,
      status: "success",
      outputs: [{ model: t.model, status: "success", progress: 100, url: `${origin}/__mock/outputs/${t.id}/0.${OUTPUT_EXT[t.type]}` }],
      updated_at: done,
    };
  }
}
