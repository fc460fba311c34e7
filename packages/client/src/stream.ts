// `tasks.stream`: the SSE progress of POST /api/v1/tasks/sync as typed events. If the stream
// breaks, goes quiet or sends an event too large to be one of ours (sse-lines.ts), it falls back
// to polling the same task; it never creates a second one. That polling is a wait's (wait.ts): an
// API that cannot be reached ends it after the retry policy's maxUnreachablePolls.

import type { Task, TaskStreamEvent } from "@monet-ai/models/spec";
import type { RequestOptions, Transport } from "./core.js";
import { createTaskStream } from "./generated/operations/createTaskStream.gen.js";
import { shownError } from "./key-tail.js";
import {
  AbortError,
  APIConnectionError,
  APIError,
  callOf,
  isFinal,
  isTask,
  MonetError,
  NotFoundError,
  readAnswer,
  sleep,
  timeLimit,
  WAIT_TIMEOUT_MS,
  type WaitOptions,
  WaitTimeoutError,
  watchTask,
} from "./runtime.js";
import { cut } from "./server-text.js";
import { isEventStream, notAStream, readWithin, sseEvents } from "./sse-events.js";
import { isFollowableTaskId } from "./task-id.js";
import type { TaskEvent } from "./types.js";

export interface StreamOptions extends RequestOptions, Pick<WaitOptions, "pollInterval" | "waitTimeout"> {
  /** Fall back to polling when no byte arrives for this long, in ms (default 60 s). */
  idleTimeout?: number;
}

/** The task an answer that is not a stream names (read within `idleMs`, to the answer size limit), or an APIError saying what came. */
async function taskFromAnswer(transport: Transport, res: Response & { release(): void }, idleMs = 60_000): Promise<Task> {
  // Read through a pipe that can be cut: once the idle limit gives up, the body is cancelled and
  // the connection closed (a stalled answer otherwise held its socket until undici's 300 s).
  const cut = new AbortController();
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  res.body?.pipeTo(pipe.writable, { signal: cut.signal }).catch(() => {});
  const own = new Response(res.body && pipe.readable, { status: res.status, headers: res.headers });
  const text = await readWithin(readAnswer(own), idleMs).catch(() => "");
  cut.abort();
  res.release();
  const body = transport.parse(text);
  if (isTask(body)) return body;
  throw notAStream(transport, res, `POST ${createTaskStream.path}`);
}

/**
 * The id a stream's event names, checked: the first one fixes the stream's task (`known`), which
 * must be one `GET /tasks/{taskId}` takes (the rule `create` holds its answer to); an event for
 * another task is the server's error, as a GET answered with another task is (task-answer.ts).
 */
function streamedId(id: string, known: string | undefined): string {
  if (known !== undefined && id !== known)
    throw new APIError(`the event stream of task ${known} sent an event for another task, ${JSON.stringify(String(id).slice(0, 100))}`, { taskId: known });
  if (typeof id !== "string" || !isFollowableTaskId(id))
    throw Object.assign(new APIError(`the event stream named task id ${JSON.stringify(id)?.slice(0, 100)}, which no call can follow`), {
      unfollowableTaskId: typeof id === "string" ? id : String(JSON.stringify(id)),
    });
  return id;
}

/**
 * The event a task is yielded as: a final task by its status, and a task that is not final never
 * as a final event (a `success` whose task says `failed` was taken as a success by code that reads
 * `event.event`).
 */
const eventOf = (name: string, task: Task) =>
  ({ event: isFinal(task) ? task.status : isFinal({ status: name } as Task) ? "progress" : name, task }) as TaskEvent;

export async function* streamTask(
  transport: Transport,
  /** The request, serialised once: every restart sends the same bytes (and idempotency key). */
  body: string,
  get: (id: string, signal: AbortSignal) => Promise<Task>,
  interval: number,
  opts: StreamOptions = {},
): AsyncGenerator<TaskEvent> {
  let task: Task | undefined;
  // Reconnections before the task is known are retries of the create: the client's policy bounds them.
  const policy = transport.policy(opts);
  // waitTimeout bounds the whole call, streamed or polled: a stream that only sends keep-alive
  // comments never goes idle, and went on for ever.
  const limit = opts.waitTimeout ?? WAIT_TIMEOUT_MS;
  const deadline = Date.now() + limit;
  const time = timeLimit(opts.signal, limit, WaitTimeoutError);
  const stopped = (cause?: unknown) =>
    time.signal.reason === WaitTimeoutError
      ? new WaitTimeoutError(`Task ${task?.id ?? "(not created yet)"} did not finish within ${limit} ms`, { taskId: task?.id })
      : new AbortError("stream was aborted", { taskId: task?.id, cause: opts.signal?.reason ?? cause });
  const sendOpts = { ...opts, signal: time.signal };
  try {
    for (let restart = 0; ; restart++) {
      let res: Response & { release(): void };
      try {
        res = (await transport.send<typeof res>({ ...callOf(createTaskStream), body, accept: createTaskStream.response.contentType, raw: true }, sendOpts))
          .data;
      } catch (e) {
        if (time.signal.aborted) throw stopped(e);
        if (task && e instanceof APIConnectionError) break; // the task exists: poll it
        throw e;
      }
      if (!isEventStream(res)) {
        // Not a stream (a proxy that buffers, a server that answers like the async create): the
        // task it names is polled; anything else is its error. Either way, no second POST.
        task = await taskFromAnswer(transport, res, opts.idleTimeout);
        streamedId(task.id, undefined);
        break;
      }
      try {
        for await (const event of sseEvents(transport, res, opts.idleTimeout)) {
          const ev = event as TaskStreamEvent;
          if (ev.event === "error") {
            // The server gave up on the stream: poll the task it names (this stream's), if it named one.
            if (ev.task_id) task = { id: streamedId(ev.task_id, task?.id), ...task } as Task;
            // An error naming no task before any event named one is the server's answer to the
            // create (no credits, say): its APIError, with its code, not a cut stream sent again.
            else if (!task) {
              const { code, message } = Object(ev.error) as { code?: unknown; message?: unknown };
              const error = new APIError(`POST ${createTaskStream.path} failed: ${cut(String(message ?? "the event stream sent an error naming no task"))}`, {
                code: typeof code === "string" ? cut(code, 100) : undefined,
              });
              throw error;
            }
            break;
          }
          if (!("task" in ev) || !ev.task?.id) continue;
          streamedId(ev.task.id, task?.id);
          task = ev.task;
          yield eventOf(ev.event, ev.task);
          // A reconnection to a task that already ended may say so in its first event.
          if (isFinal(ev.task)) return;
        }
      } catch (e) {
        if (time.signal.aborted) throw stopped(e);
        if (e instanceof MonetError) throw e;
        // A cut connection or an idle stream: fall through to recovery.
      }
      if (time.signal.aborted) throw stopped();
      if (task) break;
      // Cut before the task was known: the API may have created it all the same (only its
      // `created` event was lost). Each restart sends the same body, so the same idempotency key
      // brings back that task; tasks.stream puts that key on the error and says so (lost-create.ts).
      const error = new APIConnectionError(`The event stream broke before the API named the task (${restart + 1} attempts, one idempotency key)`);
      if (restart >= policy.maxRetries || !policy.retryable(error)) throw error;
      const delay = policy.delay(restart + 1, error);
      policy.onRetry?.({ what: "stream", retry: restart + 1, delay, error });
      await sleep(delay, time.signal).catch((reason) => {
        throw stopped(reason);
      });
    }
  } catch (e) {
    // What this stream built from the server's words (an error event's message and code, an event
    // for another task, an id no call can follow, an answer that is not a stream) is shown as an
    // error answer is (key-tail.ts): terminal sequences and control characters out (JSON.stringify
    // leaves an 8-bit CSI as it is), and any run of the key, which the start path's redaction of
    // every event does not see. (The transport's own errors are shown already; again is the same.)
    throw e instanceof MonetError ? shownError(e, transport) : e;
  } finally {
    time.end();
  }
  const known = task; // the loop above ends only with a task
  // The API named this task itself: a 404 before any poll found it is its store lagging behind
  // (eventually consistent), polled again like a retryable failure, at most `maxRetries` times.
  let found = false;
  let lagging = 0;
  const polls = { ...policy, retryable: (e: MonetError) => policy.retryable(e) || (!found && e instanceof NotFoundError && ++lagging <= policy.maxRetries) };
  for await (const t of watchTask(
    known.id,
    (signal) =>
      get(known.id, signal).then((t) => {
        found = true;
        return t;
      }),
    polls,
    interval,
    // What is left of the call's time (at least 1 ms: the wait then says it ran out).
    { waitTimeout: Math.max(deadline - Date.now(), 1), signal: opts.signal },
    undefined, // no transport: a failed task is an event, not an error
    known.status ? known : undefined,
  ))
    yield eventOf("progress", t);
}
