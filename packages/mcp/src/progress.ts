// Progress notifications while a tool waits on a task: one on every change, and a tick after any
// second without one, so an agent's client sees the wait is alive. MCP requires each progress
// value to be higher than the last: a tick adds a fraction below the next whole percent.
import type { Task } from "@monet-ai/client";
import { SUCCESS_STATUS } from "@monet-ai/client/operations";

export interface ProgressUpdate {
  progress: number;
  total: number;
  message: string;
}

export const TICK_MS = 1000;

/** The task's completion in percent: the mean of its outputs' progress, 100 once it succeeded. */
export function percent(t: Task) {
  if (t.status === SUCCESS_STATUS) return 100;
  const outs = t.outputs ?? [];
  if (!outs.length) return 0;
  const sum = outs.reduce((s, o) => s + (typeof o.progress === "number" && Number.isFinite(o.progress) ? Math.min(100, Math.max(0, o.progress)) : 0), 0);
  return Math.floor(sum / outs.length);
}

export function progressReporter(send: (u: ProgressUpdate) => Promise<void>) {
  const started = Date.now();
  let sent = -1;
  /** The last real percent sent, and how many ticks since. */
  let anchor = 0;
  let ticks = 0;
  let last: Task | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const emit = (value: number, message: string) => {
    sent = value;
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(tick, TICK_MS);
    return send({ progress: value, total: 100, message }).catch(() => {});
  };
  const describe = (t: Task) => `${t.id} ${t.status} ${percent(t)}%`;
  function tick() {
    if (stopped) return;
    ticks++;
    const seconds = Math.round((Date.now() - started) / 1000);
    void emit(anchor + (0.99 * ticks) / (ticks + 1), last ? `${describe(last)}, waiting (${seconds} s)` : `waiting (${seconds} s)`);
  }

  return {
    /** Starts the ticks before the first task state is known. */
    start() {
      void emit(0, "starting");
    },
    /** Reports a new state of the task (sent only if its progress rose, or it finished). */
    update(t: Task): Promise<void> {
      last = t;
      const p = percent(t);
      if (p > sent) {
        anchor = p;
        ticks = 0;
        return emit(p, describe(t));
      }
      return Promise.resolve();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
