// `monet.request(operationId, params, options)`: any operation of the spec, driven by the
// generated operations table, through the client's one transport. Loaded on first use.

import type { Task } from "@monet-ai/models/spec";
import { type Answer, type Call, type RequestOptions, TIMEOUT_MS, type Transport } from "./core.js";
import { operations } from "./generated/operations.gen.js";
import { shownError } from "./key-tail.js";
import { withKey } from "./lost-create.js";
import { queryText } from "./query.js";
import {
  AbortError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  callOf,
  InputValidationError,
  isFinal,
  MonetError,
  type OperationRow,
} from "./runtime.js";
import { IDLE, isEventStream, notAStream, sseEvents, TOO_LARGE } from "./sse-events.js";
import { MAX_EVENT } from "./sse-lines.js";

/** Thrown within `events` when the stream ends before its task's final event: it broke, as a cut does. */
const ENDED = Symbol("ended");

interface Params {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

const refuse = (path: string, message: string, received?: unknown) => new InputValidationError([{ path, message: `${path} ${message}`, received }]);
const plainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/** The request body as the operation's content type wants it, or InputValidationError. */
function bodyOf(op: OperationRow, body: unknown): Partial<Call> {
  const spec = op.body;
  if (!spec) {
    if (body !== undefined) throw refuse("body", `must be left out: ${op.operationId} takes no body`);
    return {};
  }
  if (body === undefined) {
    if (spec.required) throw refuse("body", `is required for ${op.operationId} (${spec.contentType})`);
    return {};
  }
  if (op.multipart) {
    if (!plainObject(body)) throw refuse("body", "must be an object of form fields", body);
    const form = new FormData();
    for (const [name, v] of Object.entries(body))
      if (v instanceof Blob) form.append(name, v, (v as File).name || "upload");
      else if (v !== undefined) form.append(name, typeof v === "string" ? v : JSON.stringify(v));
    return { body: form };
  }
  // One key per call, the same on every retry of it, so a retry never creates a second resource.
  const key = spec.idempotencyKey;
  const filled = key && plainObject(body) && body[key] === undefined ? { ...body, [key]: globalThis.crypto.randomUUID() } : body;
  // Serialised once: the bytes that were built are the bytes sent, on every attempt.
  return { body: JSON.stringify(filled), accept: "application/json" };
}

type Stream = Response & { release(): void };

/**
 * A streaming operation's events. A quiet stream is an APIConnectionTimeoutError; a cut one, or
 * one that ends before an event with a final status (the spec's `x-monet-final`), an
 * APIConnectionError (an end taken as success told a caller its task was done); an event past the
 * size limit an APIError (the server broke the contract); the caller's abort an AbortError (retry
 * code keyed on connection errors must not reconnect after the app's own cancellation).
 */
async function* events(transport: Transport, op: OperationRow, res: Stream, idleMs: number, signal?: AbortSignal, key?: unknown): AsyncGenerator<object> {
  // The last task an event named: a cut stream's error names it, for the caller to poll.
  let taskId: string | undefined;
  let final = false;
  try {
    for await (const event of sseEvents(transport, res, idleMs)) {
      // An `error` event names its task by `task_id`: the stream gave up on it, which goes on.
      const { task, task_id } = event as { task?: Task; task_id?: unknown };
      const id = task?.id ?? task_id;
      if (typeof id === "string") taskId = id;
      final ||= !!task && isFinal(task);
      yield event;
    }
    if (!final) throw ENDED;
  } catch (e) {
    // Before an event named the task, the create's idempotency key is the caller's only handle on it.
    // Shown as an error answer is (key-tail.ts): the task id it names is the server's word.
    throw shownError(taskId ? streamError(op, e, idleMs, signal, taskId) : (withKey(streamError(op, e, idleMs, signal), key) as MonetError), transport);
  }
}

function streamError(op: OperationRow, e: unknown, idleMs: number, signal?: AbortSignal, taskId?: string) {
  if (e instanceof MonetError) return e;
  const where = `${op.method} ${op.path}`;
  if (signal?.aborted) return new AbortError(`The event stream of ${where} was aborted`, { cause: signal.reason, taskId });
  const hint = taskId ? `; task ${taskId} goes on: poll it with tasks.get (tasks.stream does so itself)` : "";
  if (e === TOO_LARGE)
    return new APIError(
      `The event stream of ${where} sent an event over ${MAX_EVENT} characters, larger than any of the API's: the server broke its contract${hint}`,
      { taskId },
    );
  return e === IDLE
    ? new APIConnectionTimeoutError(`The event stream of ${where} was quiet for ${idleMs} ms${hint}`, { taskId })
    : e === ENDED
      ? new APIConnectionError(`The event stream of ${where} ended before the task's final status${hint}`, { taskId })
      : new APIConnectionError(`The event stream of ${where} broke${hint}`, { cause: e, taskId });
}

/**
 * The events as an iterator that lets go of the connection (the listener on the caller's signal,
 * the body) when it is closed, even before its first `next()`: a generator that has not started
 * skips its own `finally` on `return()` and `throw()`.
 */
function closable(gen: AsyncGenerator<object>, res: Stream): AsyncIterableIterator<object> {
  let started = false;
  const close = () => {
    if (started) return;
    res.release();
    void res.body?.cancel().catch(() => {});
  };
  const it: AsyncIterableIterator<object> = {
    next: () => {
      started = true;
      return gen.next();
    },
    return: (value?: unknown) => {
      close();
      return gen.return(value);
    },
    throw: (e?: unknown) => {
      close();
      return gen.throw(e);
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

export async function sendOperation(transport: Transport, operationId: string, params: Params, opts: RequestOptions): Promise<Answer<unknown>> {
  const op: OperationRow | undefined = Object.hasOwn(operations, operationId) ? operations[operationId as keyof typeof operations] : undefined;
  if (!op) throw refuse("operationId", `must be one of ${Object.keys(operations).join(", ")} (got ${JSON.stringify(operationId)})`, operationId);
  if (!plainObject(params)) throw refuse("params", "must be an object with path, query and body", params);
  for (const k of Object.keys(params)) if (!["path", "query", "body"].includes(k)) throw refuse(k, "is not an argument: give path, query and body", k);
  // The query check first: it names a missing path argument as required, before callOf's own rule.
  const query = queryText(op, params);
  const placed = callOf(op, params.path as Record<string, unknown>);
  const call: Call = { ...placed, path: placed.path + query, ...bodyOf(op, params.body) };
  // A create's key (bodyOf filled it in): what fails before the API names the task carries it (lost-create.ts).
  const keyName = op.body?.idempotencyKey;
  const key = keyName && typeof call.body === "string" ? (JSON.parse(call.body) as Record<string, unknown> | null)?.[keyName] : undefined;
  // Aborted before anything was sent: nothing was created, so the error carries no key.
  if (opts.signal?.aborted) throw new AbortError("Aborted", { cause: opts.signal.reason });
  try {
    if (op.streaming) {
      const a = await transport.send<Stream>({ ...call, accept: op.response.contentType ?? undefined, raw: true }, opts);
      if (!isEventStream(a.data)) {
        // Said, not read as a stream that ends at once: the caller learns what came instead.
        a.data.release();
        void a.data.body?.cancel().catch(() => {});
        throw shownError(notAStream(transport, a.data, `${op.method} ${op.path}`), transport);
      }
      // A stream with no body has ended: nothing to hold until it is read.
      if (!a.data.body) a.data.release();
      // Silence is bounded by the call's timeout, else the client's, as every other attempt.
      const idleMs = opts.timeout ?? transport.cfg.timeout ?? TIMEOUT_MS;
      return { ...a, data: closable(events(transport, op, a.data, idleMs, opts.signal, key), a.data) };
    }
    return await transport.send({ ...call, accept: op.json ? "application/json" : "*/*" }, opts);
  } catch (e) {
    throw withKey(e, key);
  }
}
