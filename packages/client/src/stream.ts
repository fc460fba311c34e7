// `tasks.stream`: the SSE progress of POST /api/v1/tasks/sync as typed events. If the stream
// breaks, goes quiet or sends an event too large to be one of ours (sse-lines.ts), it falls back
// to polling the same task; it never creates a second one.
import { createParser } from "eventsource-parser";
import type { Transport, RequestOptions } from "./core.js";
import { APIConnectionError, AbortError, MonetError } from "./errors.js";
import type { Task, TaskStreamEvent } from "./generated/types.gen.js";
import { routes } from "./generated/routes.gen.js";
import type { TaskEvent } from "./types.js";
import { isFinal, watchTask, type WaitOptions } from "./wait.js";
import { sseLines } from "./sse-lines.js";

export interface StreamOptions extends RequestOptions, Pick<WaitOptions, "pollInterval"> {
  /** Fall back to polling when no byte arrives for this long, in ms (default 60 s). */
  idleTimeout?: number;
  /** Overall limit once polling, in ms (default 30 minutes). */
  waitTimeout?: number;
}

const IDLE = Symbol("idle");

function readWithin<T>(read: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const idle = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(IDLE), ms)));
  return Promise.race([read, idle]).finally(() => clearTimeout(timer));
}

export async function* streamTask(
  transport: Transport,
  /** The request, serialised once: every restart sends the same bytes (and idempotency key). */
  body: string,
  get: (id: string, signal: AbortSignal) => Promise<Task>,
  opts: StreamOptions = {},
): AsyncGenerator<TaskEvent> {
  let task: Task | undefined;
  const maxRestarts = opts.maxRetries ?? 2;
  for (let restart = 0; ; restart++) {
    let res: Response & { release(): void };
    try {
      res = await transport.request({ ...routes.createTaskStream, body, accept: "text/event-stream", raw: true }, opts);
    } catch (e) {
      if (task && e instanceof APIConnectionError) break; // the task exists: poll it
      throw e;
    }
    const queue: TaskStreamEvent[] = [];
    const parser = createParser({
      onEvent: (m) => {
        lines.ended();
        // Parsed like every answer, the key taken out; a torn or foreign event is skipped (the
        // poll fallback covers what it held).
        const ev = transport.parse(m.data);
        if (ev && typeof ev == "object") queue.push(ev as TaskStreamEvent);
      },
    });
    const lines = sseLines((text) => parser.feed(text));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let broke = false;
    try {
      for (;;) {
        const chunk = await readWithin(reader.read(), opts.idleTimeout ?? 60_000);
        if (chunk.done) break;
        const withinLimit = lines.push(decoder.decode(chunk.value, { stream: true }));
        while (queue.length) {
          const ev = queue.shift()!;
          if (ev.event === "error") {
            broke = true;
            if (!task && ev.task_id) task = { id: ev.task_id } as Task;
            break;
          }
          if (!("task" in ev) || !ev.task?.id) continue;
          task = ev.task;
          yield ev as TaskEvent;
          if (isFinal(ev.task)) return;
        }
        // Past the event size limit the stream is dropped: polling takes over.
        if (broke || !withinLimit) break;
      }
    } catch (e) {
      if (opts.signal?.aborted) throw new AbortError("stream was aborted", { taskId: task?.id, cause: opts.signal.reason });
      if (e instanceof MonetError) throw e;
      // A cut connection or an idle stream: fall through to recovery.
    } finally {
      reader.cancel().catch(() => {});
      res.release();
    }
    if (task) break;
    // Cut before the task was known: the same idempotency key brings back the same task.
    if (restart >= maxRestarts) throw new APIConnectionError("The event stream broke before the task was created", {});
  }
  const known = task!;
  for await (const t of watchTask(known.id, (signal) => get(known.id, signal), { pollInterval: opts.pollInterval, timeout: opts.waitTimeout, signal: opts.signal }, known.status ? known : undefined))
    yield { event: isFinal(t) ? t.status : "progress", task: t } as TaskEvent;
}
