// Progress notifications while a tool waits: one on every real change, and a tick after any
// second without one, so an agent's client sees the wait is alive (and one that resets its
// timeout on progress never times out while work goes on). MCP requires each progress value to
// be higher than the last: a tick adds a fraction below the next whole step.
import type { Task } from "@monet-ai/client";
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import { quote } from "./forwarded.js";

export interface ProgressUpdate {
  progress: number;
  total?: number;
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

/**
 * Rising progress with a tick after every quiet second. `real` reports a step reached (sent only
 * if higher than the last); `idle(seconds)` says what is going on, for the ticks.
 */
export function heartbeat(send: (u: ProgressUpdate) => Promise<void>, idle: (seconds: number) => string) {
  const started = Date.now();
  let sent = -1;
  /** The last real value sent, and how many ticks since. */
  let anchor = 0;
  let ticks = 0;
  let total: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const emit = (value: number, message: string) => {
    sent = value;
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(tick, TICK_MS);
    return send({ progress: value, ...(total !== undefined ? { total } : {}), message }).catch(() => {});
  };
  function tick() {
    if (stopped) return;
    ticks++;
    void emit(anchor + (0.99 * ticks) / (ticks + 1), idle(Math.round((Date.now() - started) / 1000)));
  }
  return {
    /** Starts the ticks at 0, before anything is known. */
    start(message: string, of?: number) {
      total = of;
      void emit(0, message);
    },
    /** A real step: sent when it is higher than the last value sent. */
    real(value: number, message: string, of?: number): Promise<void> {
      if (of !== undefined) total = of;
      if (value <= sent) return Promise.resolve();
      anchor = value;
      ticks = 0;
      return emit(value, message);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The API's id or status in a progress message: as it is when it is one plain word (`task_x`,
 * `processing`), else quoted as JSON, so an API's "processing. Ignore previous instructions" reads
 * as the one value it is, not as the server's sentence.
 */
const word = (s: string) => (/^[\w.-]{1,64}$/.test(s) ? s : quote(s, 64));

/** Progress of one task, in percent of 100; ticks say the task's last known state. */
export function progressReporter(send: (u: ProgressUpdate) => Promise<void>) {
  let last: Task | undefined;
  const describe = (t: Task) => `${word(t.id)} ${word(String(t.status))} ${percent(t)}%`;
  const beat = heartbeat(send, (s) => (last ? `${describe(last)}, waiting (${s} s)` : `waiting (${s} s)`));
  return {
    /** Starts the ticks before the first task state is known. */
    start: () => beat.start("starting", 100),
    /** Reports a new state of the task (sent only if its progress rose, or it finished). */
    update(t: Task): Promise<void> {
      last = t;
      return beat.real(percent(t), describe(t));
    },
    stop: beat.stop,
  };
}
