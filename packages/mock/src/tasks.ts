// Tasks and their life: pending, then processing with rising progress, then success (or failed
// when the prompt asks for it). A task is what it was created with and when: its state is
// computed from the clock on every read, so a task costs no timers and nothing changes after
// create. Past `maxTasks` a task is evicted, with its idempotency key: the oldest of the API key
// that holds the most, so a page flooding the mock with its own key evicts its own tasks, not
// the developer's (audit s20-mock F4: every key's oldest went first). A test may move a
// task on (`advance`: to a progress, to success, to failed) instead of waiting for its duration:
// that moves its start back, or ends it now, and wakes every stream watching it.
//
// Keeping tasks is the mock's cost per create (a bench run keeps ~66,000 of them), so a task holds
// only what it cannot share: its idempotency key (a digest of a long one) and its request's fingerprint. Its id is its sequence number
// and random part (two small integers, the text made on read), found by position, not by a map;
// its owner, type and model point at one shared copy each.
import { FINAL_STATUSES } from "./generated/task-rules.gen.js";
import { Ids } from "./ids.js";
import { imageSize } from "./image-size.js";
import { keptName } from "./kept-name.js";
import { OUTPUT_EXT } from "./placeholders.js";
import { Queue } from "./queue.js";

export type TaskType = "video" | "image" | "music";

/** A task as the API shows it: `outputs` and `updated_at` are optional, as in the spec. */
export interface TaskView {
  id: string;
  type: TaskType;
  status: string;
  created_at: string;
  outputs?: { model: string; status: string; progress?: number; url?: string }[];
  error?: { code: string; message: string };
  updated_at?: string;
}

/** One API key's tasks: newest last, and by idempotency key. */
interface Owner {
  readonly name: string;
  readonly list: Queue<StoredTask>;
  readonly keys: Map<string, StoredTask>;
  /** Its neighbours among the owners holding as many tasks (a list per count, by when they got there). */
  prev: Owner | undefined;
  next: Owner | undefined;
}

export class StoredTask {
  constructor(
    /** Position in creation order: the first part of the id. */
    readonly seq: number,
    /** The id's random part (six base-36 digits once padded). */
    readonly rand: number,
    readonly ownerOf: Owner,
    /** The idempotency key it was created with, as kept (kept-name.ts: a digest of a long one). */
    readonly key: string,
    readonly type: TaskType,
    readonly model: string,
    /**
     * Started, in ms since the store's epoch: a small integer, not a boxed number per task. The
     * create time unless a test advanced the task to a progress (then earlier, as if it had run).
     */
    public since: number,
    /** Created as ISO text, shared by the tasks of one millisecond: every read shows it. */
    readonly createdAt: string,
    /** How it fails (`[fail]` in its prompt, or an injected task-failed fault), or undefined when it succeeds. */
    readonly failure: Failure | undefined,
    /** What is kept of the create request (request-fingerprint.ts), to tell a replay from a conflicting reuse of a key. */
    readonly request: string,
    /** An image output's size in pixels ("16x9", from the asked aspect ratio; shared), or "" for the default. */
    readonly size: string,
  ) {}

  get id() {
    return taskId(this.seq, this.rand);
  }

  get owner() {
    return this.ownerOf.name;
  }
}

/** The documented way to ask the mock for a failed task: put `[fail]` (any case) in the prompt. */
export const FAIL_MARKER = "[fail]";
const FAIL_MARKER_ANY_CASE = /\[fail\]/i;

/** How a task fails: when (a share of its duration), the progress it shows then, and its `error`. */
export interface Failure {
  /** 0: failed from the start (a rejection); 1: at the end of its duration. */
  readonly at: number;
  readonly progress: number;
  readonly code: string;
  readonly message: string;
}

/** A task a test ended: at this time (ms since 1970), failed when `failure` is set (`progress` undefined: it never started). */
export interface End {
  readonly at: number;
  readonly failure?: { readonly code: string; readonly message: string; readonly progress: number | undefined };
}

/** Where a test may move a task: a final status, or a progress in the mock's steps of 10 %. */
export type AdvanceTarget = "success" | "failed" | number;

/** A failure at the end, at 90 %: what `[fail]` asks for, and a task-failed fault without `at`. */
export const LATE_FAILURE = { at: 1, progress: 90 } as const;
/** One shared object for every `[fail]` task. */
const MARKED: Failure = {
  ...LATE_FAILURE,
  code: "generation_failed",
  message: `The mock failed this task because its prompt contains ${FAIL_MARKER}.`,
};
const PENDING_SHARE = 0.1;
const FINAL = new Set<string>(FINAL_STATUSES);

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
/** Six base-36 digits: the random part of a task id. Below 2^30, so it is a small integer (an
 * unboxed field) on every V8 build: one larger value would make the field a boxed number in every task. */
const RANDOM_DIGITS = 6;
const RANDOM_RANGE = 2 ** 30;
const taskId = (seq: number, rand: number) => `task_${seq.toString(36)}${rand.toString(36).padStart(RANDOM_DIGITS, "0")}`;

export class TaskStore {
  /**
   * Every task, oldest first, at the position of its sequence number from `firstSeq`; an evicted
   * one leaves a hole until the holes before it are gone. The span is kept under twice
   * `maxTasks`: past it the oldest tasks move to `strays` (found by sequence number there), so a
   * task that outlives a flood of others keeps neither a long run of holes nor its place.
   */
  private live = new Queue<StoredTask>();
  private firstSeq = 1;
  /** Tasks older than `firstSeq`, oldest first: the few a flood of other keys' tasks went past. */
  private strays = new Map<number, StoredTask>();
  private count = 0;
  /**
   * The owners by how many tasks they hold (the first and last of each count's list; a task count
   * changes by one, so moving an owner is a few steps, with nothing allocated), and the most any
   * holds: who is evicted from first.
   */
  private firsts = new Map<number, Owner>();
  private lasts = new Map<number, Owner>();
  private most = 0;
  private owners = new Map<string, Owner>();
  /** One copy of each type and model name (validated before create, so they are the catalog's few). */
  private names = new Map<string, string>();
  private seq = 0;
  private readonly epoch: number;
  /**
   * Tasks a test ended (advance to success or failed): when, and how. Kept here, not as a field
   * of every task, so a kept task costs what it did (see the README's "What a kept task costs").
   */
  private ends = new Map<StoredTask, End>();
  /** Streams waiting on a task: told when a test advances a task or the clock. */
  private watchers = new Set<() => void>();

  /** `clock`: the mock's time (clock.ts); `ids`: where the ids' random part comes from (ids.ts). */
  constructor(
    private duration: number,
    private maxTasks = 100_000,
    private readonly clock: () => number = Date.now,
    private readonly ids = new Ids(),
  ) {
    this.epoch = clock();
  }

  /** Calls `fn` whenever a task or the clock was advanced; returns the way to stop. */
  watch(fn: () => void) {
    this.watchers.add(fn);
    return () => void this.watchers.delete(fn);
  }

  /** Wakes every stream: a task or the clock moved. */
  changed() {
    for (const fn of this.watchers) fn();
  }

  get size() {
    return this.count;
  }

  /** The task for this owner's idempotency key, if any. */
  forKey(owner: string, key: string) {
    return this.owners.get(owner)?.keys.get(keptName(key));
  }

  create(
    owner: string,
    key: string,
    type: TaskType,
    input: { model: string; prompt?: unknown; aspect_ratio?: unknown },
    request: string,
    now = this.clock(),
    injected?: Failure,
  ) {
    while (this.count >= this.maxTasks) this.evict(this.largest());
    while (this.live.length >= 2 * this.maxTasks) {
      const old = this.live.at(0) as StoredTask; // never a hole: leading holes are dropped at once
      this.strays.set(old.seq, old);
      this.live.clearAt(0);
      this.dropHoles();
    }
    if (!this.live.length) this.firstSeq = this.seq + 1;
    let o = this.owners.get(owner);
    if (!o) {
      o = { name: owner, list: new Queue(), keys: new Map(), prev: undefined, next: undefined };
      this.owners.set(owner, o);
    }
    const t = new StoredTask(
      ++this.seq,
      this.ids.taskRandom(RANDOM_RANGE),
      o,
      keptName(key),
      this.shared(type),
      this.shared(input.model),
      now - this.epoch,
      iso(now),
      injected ?? (typeof input.prompt === "string" && FAIL_MARKER_ANY_CASE.test(input.prompt) ? MARKED : undefined),
      request,
      type === "image" ? this.shared(imageSize(input.aspect_ratio)) : "",
    );
    this.live.push(t);
    this.count++;
    o.keys.set(t.key, t);
    o.list.push(t);
    this.counted(o, o.list.length - 1);
    return t;
  }

  /** The owner holding the most tasks (of several, the first to reach that many). */
  private largest(): Owner {
    return this.firsts.get(this.most) as Owner; // set: called only while tasks are kept
  }

  /** Moves an owner to the list of its task count, which was `from`. */
  private counted(o: Owner, from: number) {
    if (from) {
      const { prev, next } = o;
      if (prev) prev.next = next;
      else if (next) this.firsts.set(from, next);
      else this.firsts.delete(from);
      if (next) next.prev = prev;
      else if (prev) this.lasts.set(from, prev);
      else this.lasts.delete(from);
      o.prev = o.next = undefined;
    }
    const to = o.list.length;
    if (to) {
      const tail = this.lasts.get(to);
      if (tail) {
        tail.next = o;
        o.prev = tail;
      } else this.firsts.set(to, o);
      this.lasts.set(to, o);
    }
    if (to > this.most) this.most = to;
    while (this.most && !this.firsts.has(this.most)) this.most--;
  }

  /** The one copy of a type or model name. */
  private shared<T extends string>(name: T): T {
    const known = this.names.get(name);
    if (known !== undefined) return known as T;
    this.names.set(name, name);
    return name;
  }

  get(owner: string, id: string) {
    const t = this.find(id);
    return t && t.ownerOf.name === owner ? t : undefined;
  }

  /** The task with this id, whoever owns it (for its output URLs, which need no key). */
  find(id: string) {
    // The id names its slot: task_<seq in base 36><6 random digits>; the text must match exactly.
    const digits = id.length - "task_".length - RANDOM_DIGITS;
    if (digits < 1 || digits > 11 || !id.startsWith("task_")) return undefined;
    const seq = Number.parseInt(id.slice(5, 5 + digits), 36);
    const t = seq < this.firstSeq ? this.strays.get(seq) : this.live.at(seq - this.firstSeq);
    return t && t.id === id ? t : undefined;
  }

  /** One page, newest first. */
  page(owner: string, page: number, pageSize: number) {
    const list = this.owners.get(owner)?.list;
    if (!list) return { tasks: [], total: 0 };
    const end = list.length - (page - 1) * pageSize;
    const start = Math.max(0, end - pageSize);
    return { tasks: end > 0 ? list.slice(start, end).reverse() : [], total: list.length };
  }

  /** Evicts the owner's oldest task, with its idempotency key. */
  private evict(o: Owner) {
    const t = o.list.shift() as StoredTask; // an owner is kept only while it holds a task
    this.counted(o, o.list.length + 1);
    if (!o.list.length) this.owners.delete(o.name);
    o.keys.delete(t.key);
    this.ends.delete(t);
    if (t.seq < this.firstSeq) this.strays.delete(t.seq);
    else {
      this.live.clearAt(t.seq - this.firstSeq);
      this.dropHoles();
    }
    this.count--;
  }

  /** Drops the holes at the start of `live`: its first slot is a task, or it is empty. */
  private dropHoles() {
    while (this.live.length && this.live.at(0) === undefined) {
      this.live.shift();
      this.firstSeq++;
    }
  }

  all() {
    return [...this.strays.values(), ...this.live.slice(0).filter((t) => t !== undefined)];
  }

  clear() {
    this.live = new Queue();
    this.strays.clear();
    this.count = 0;
    this.owners.clear();
    this.firsts.clear();
    this.lasts.clear();
    this.most = 0;
    this.ends.clear();
  }

  /** The task as the API shows it at `now` (fields in the spec's order, each view a fresh object). */
  view(t: StoredTask, origin: string, now = this.clock()): TaskView {
    const created = this.epoch + t.since;
    const elapsed = now - created;
    const d = this.duration;
    const { id, type, createdAt } = t;
    const end = this.ends.size ? this.ends.get(t) : undefined;
    if (end) {
      const e = end.failure;
      return e ? this.failed(t, e.code, e.message, e.progress, end.at) : this.success(t, origin, end.at);
    }
    const f = t.failure;
    if (f && elapsed >= d * f.at) {
      // Failed at once (a rejection) never started: no outputs, as a pending task has none.
      return this.failed(t, f.code, f.message, f.at > 0 ? f.progress : undefined, created + d * f.at);
    }
    // Pending: the reference's own create answer, `{id, status, type, created_at}`. No `outputs`
    // (the spec: "empty or absent before the task starts") and no `updated_at` (it has not
    // changed), so a frontend built on the mock handles their absence, as the real API needs.
    if (elapsed < d * PENDING_SHARE && elapsed < d) return { id, status: "pending", type, created_at: createdAt } as TaskView;
    // Progress moves in steps of 10%, each step a real change with its own updated_at.
    if (elapsed < d) return this.processing(t, Math.min(9, Math.floor((elapsed / d) * 10)), created + d);
    return this.success(t, origin, created + d);
  }

  /** The task at a step of its progress (of 10 %), dated when it reached it, or at `until` if that was sooner. */
  private processing(t: StoredTask, step: number, until: number): TaskView {
    const { id, type, createdAt, model } = t;
    const progress = Math.max(1, step * 10);
    const changed = Math.min(until, this.epoch + t.since + Math.max(this.duration * PENDING_SHARE, (step / 10) * this.duration));
    return { id, type, created_at: createdAt, status: "processing", outputs: [{ model, status: "processing", progress }], updated_at: iso(changed) };
  }

  /**
   * The steps of progress a task passes above `from` % and below `to` % (100 for success), in
   * order, as its own clock shows them: what a stream missed when a test moved the task several
   * steps at once. A step is dated when the task reached it, or when a test ended it if sooner.
   */
  stepsBetween(t: StoredTask, from: number, to: number, now = this.clock()): TaskView[] {
    const until = (this.ends.size ? this.ends.get(t)?.at : undefined) ?? now;
    const out: TaskView[] = [];
    for (let step = Math.floor(from / 10) + 1; step <= 9 && step * 10 < to; step++) out.push(this.processing(t, step, until));
    return out;
  }

  /** A failed task, ended at `at`: its output at `progress`, or none when it never started (`progress` undefined). */
  private failed(t: StoredTask, code: string, message: string, progress: number | undefined, at: number): TaskView {
    const { id, type, createdAt, model } = t;
    const outputs = progress === undefined ? undefined : [{ model, status: "failed", progress }];
    return { id, status: "failed", type, ...(outputs && { outputs }), error: { code, message }, created_at: createdAt, updated_at: iso(at) } as TaskView;
  }

  private success(t: StoredTask, origin: string, at: number): TaskView {
    const { id, type, createdAt, model } = t;
    const url = `${origin}/__mock/outputs/${id}/0.${OUTPUT_EXT[type]}${t.size ? `?size=${t.size}` : ""}`;
    return { id, type, created_at: createdAt, status: "success", outputs: [{ model, status: "success", progress: 100, url }], updated_at: iso(at) };
  }

  /**
   * Moves a task on now, for a test that will not wait: to a progress (as if it had run that
   * long; it goes on from there), to success, or to failed (at the progress it shows, with this
   * error). A task never moves back, and a finished one stays as it is: asking for where it
   * already is changes nothing; anything else is the conflict's message.
   */
  advance(t: StoredTask, to: AdvanceTarget, error: { code: string; message: string }, now = this.clock()): { conflict: string } | undefined {
    const v = this.view(t, "", now);
    const shown = v.status === "pending" ? 0 : (v.outputs?.[0]?.progress ?? 0);
    const target = to === 100 ? "success" : to;
    if (FINAL.has(v.status)) {
      if (target === v.status) return undefined;
      return { conflict: `Task ${t.id} has already finished (${v.status}): it cannot move to ${JSON.stringify(to)}.` };
    }
    if (target === "success") this.ends.set(t, { at: now });
    else if (target === "failed") this.ends.set(t, { at: now, failure: { ...error, progress: v.status === "pending" ? undefined : shown } });
    else if (target < shown) return { conflict: `Task ${t.id} is already at ${shown} % (${v.status}): a task never moves back.` };
    // As if it had started long enough ago to be at `target` now (its created_at stays).
    else if (target > shown) t.since = now - this.epoch - Math.ceil((this.duration * target) / 100);
    this.changed();
    return undefined;
  }
}
