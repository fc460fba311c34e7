// The SSE side of POST /api/v1/tasks/sync: `created`, then `progress` on every change, then the
// final status as its own event (the spec's x-monet-final: `success`, `failed`, any status it
// adds), each flushed as it happens; the final event ends the stream. A task a test advances
// (or the clock it moves) is sent at once, not at the next tick, with every step of 10 % it
// passed on the way.
import type { ServerResponse } from "node:http";
import { operations } from "./generated/operations.gen.js";
import { FINAL_STATUSES } from "./generated/task-rules.gen.js";
import { CORS_HEADERS } from "./respond.js";
import type { StoredTask, TaskStore } from "./tasks.js";

const FINAL = new Set<string>(FINAL_STATUSES);

export function streamTask(res: ServerResponse, tasks: TaskStore, task: StoredTask, origin: string, duration: number, cutAfter?: number) {
  res.writeHead(200, {
    ...CORS_HEADERS,
    "content-type": `${operations.createTaskStream.response.contentType}; charset=utf-8`,
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  res.flushHeaders();
  if (cutAfter === 0) {
    res.socket?.destroy();
    return;
  }
  let sent = 0;
  let last = "";
  /** The progress the stream last sent (0 while pending): a jump past the next step sends the steps between. */
  let shown = 0;
  const send = (event: string, view: unknown) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify({ event, task: view })}\n\n`);
    if (cutAfter !== undefined && ++sent >= cutAfter) {
      stop();
      res.socket?.destroy();
      return false;
    }
    return true;
  };
  const tick = () => {
    const view = tasks.view(task, origin);
    const sig = `${view.status}:${view.outputs?.[0]?.progress ?? 0}`;
    if (sig === last) return;
    last = sig;
    // A test that advanced the task several steps at once: the stream still sends each step it
    // passed, as a watcher of a task left to run sees them, then where it is.
    const at = view.status === "success" ? 100 : (view.outputs?.[0]?.progress ?? 0);
    for (const step of tasks.stepsBetween(task, shown, at)) if (!send("progress", step)) return;
    shown = Math.max(shown, at);
    if (FINAL.has(view.status)) {
      if (send(view.status, view)) res.end();
      stop();
    } else send("progress", view);
  };
  const unwatch = tasks.watch(tick);
  const timer = setInterval(tick, Math.min(500, Math.max(20, duration / 20)));
  const stop = () => {
    clearInterval(timer);
    unwatch();
  };
  res.on("close", stop);
  const first = tasks.view(task, origin);
  last = `${first.status}:${first.outputs?.[0]?.progress ?? 0}`;
  shown = first.outputs?.[0]?.progress ?? 0;
  if (!send("created", first)) return;
  if (FINAL.has(first.status)) {
    last = "";
    tick();
  }
}
