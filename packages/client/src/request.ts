// `monet.request(operationId, params, options)`: any operation of the spec, driven by the
// generated operations table, through the client's one transport. Loaded on first use.

import type { Answer, Call, RequestOptions, Transport } from "./core.js";
import { operations } from "./generated/operations.gen.js";
import { queryText } from "./query.js";
import { APIConnectionError, APIConnectionTimeoutError, callOf, InputValidationError, MonetError, type OperationRow } from "./runtime.js";
import { IDLE, isEventStream, notAStream, sseEvents } from "./sse-events.js";

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
  if (spec.contentType === "multipart/form-data") {
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

/** A streaming operation's events; a quiet or cut stream is a typed connection error. */
async function* events(transport: Transport, op: OperationRow, res: Response & { release(): void }, idleMs?: number): AsyncGenerator<object> {
  // The last task an event named: a cut stream's error names it, for the caller to poll.
  let taskId: string | undefined;
  try {
    for await (const event of sseEvents(transport, res, idleMs)) {
      const id = (event as { task?: { id?: unknown } }).task?.id;
      if (typeof id === "string") taskId = id;
      yield event;
    }
  } catch (e) {
    if (e instanceof MonetError) throw e;
    const where = `${op.method} ${op.path}`;
    const hint = taskId ? `; task ${taskId} goes on: poll it with tasks.get (tasks.stream does so itself)` : "";
    throw e === IDLE
      ? new APIConnectionTimeoutError(`The event stream of ${where} was quiet for ${idleMs ?? 60_000} ms${hint}`, { taskId })
      : new APIConnectionError(`The event stream of ${where} broke${hint}`, { cause: e, taskId });
  }
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
  if (op.streaming) {
    const a = await transport.send<Response & { release(): void }>({ ...call, accept: "text/event-stream", raw: true }, opts);
    if (!isEventStream(a.data)) {
      // Said, not read as a stream that ends at once: the caller learns what came instead.
      a.data.release();
      void a.data.body?.cancel().catch(() => {});
      throw notAStream(transport, a.data, `${op.method} ${op.path}`);
    }
    return { ...a, data: events(transport, op, a.data, opts.timeout) };
  }
  return transport.send({ ...call, accept: op.json ? "application/json" : "*/*" }, opts);
}
