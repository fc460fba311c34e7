// monet.tasks: create, get, list, wait, run and stream generation tasks.

import type { Task, TaskList } from "@monet-ai/models/spec";
import { type APIPromise, apiPromise } from "./api-promise.js";
import { callOf } from "./args.js";
import type { RequestOptions, Transport } from "./core.js";
import { AbortError, InputValidationError } from "./errors.js";
import { createTaskCall, getTaskCall } from "./generated/calls.gen.js";
import { refuse } from "./refuse.js";

export type { ListParams };

import { checkWaitOptions } from "./option-values.js";
import type { ListParams } from "./paging.js";
import { POLL_INTERVAL_MS } from "./poll-interval.js";
import type { StreamOptions } from "./stream.js";
import type { CreateTaskArgs, CreateTaskParams, ModelId, ModelTaskTypes, TaskEvent } from "./types.js";
import { type WaitOptions, waitForTask } from "./wait.js";

const randomKey = () => globalThis.crypto.randomUUID();
/** Rejects with a create's failure, carrying its idempotency key when the task may exist (lost-create.ts, loaded then). */
// If it cannot load (offline, as the failure's own chunk: core.ts), the key still goes on the error.
const lost = (e: unknown, body: string): Promise<never> =>
  import("./lost-create.js").then(
    (m) => {
      throw m.withBodyKey(e, body);
    },
    () => {
      throw Object.assign(e as object, { idempotencyKey: JSON.parse(body).idempotency_key });
    },
  );
/** What a wait's or stream's options say of each request it makes (besides its signal). */
const perRequest = ({ timeout, maxRetries, headers }: RequestOptions): RequestOptions => ({ timeout, maxRetries, headers });
// The validator and every model's rules load on the first create, not at start: a page that
// never creates a task does not pay for them, and once loaded a check is synchronous.
let validator: typeof import("@monet-ai/models/validate") | undefined;
const loadValidator = async () => (validator ??= await import("@monet-ai/models/validate"));
// Any non-string in an input's lists is local media to upload (uploads.ts says which kinds).
const hasLocal = (input: unknown) => Object.values(input ?? {}).some((v) => Array.isArray(v) && v.some((x) => x && typeof x === "object"));

/**
 * A real Promise of one page (sent once, however often it is awaited; `.catch`, `.finally` and
 * `.withResponse()` work), which `for await` walks across every page, starting from that one.
 */
export interface TaskListing extends APIPromise<TaskList>, AsyncIterable<Task> {}

export class Tasks {
  // Set in the constructor only: no class fields (bytes of the start bundle).
  declare private readonly transport: Transport;
  declare private readonly checkInputs: boolean;
  constructor(transport: Transport, checkInputs: boolean) {
    this.transport = transport;
    this.checkInputs = checkInputs;
  }

  /**
   * Uploads local media, fills in a fresh idempotency key if none was given, and serialises the
   * request once: the parsed-back copy of those exact bytes is what is checked, and those bytes
   * are what is sent, so a `toJSON` or a getter cannot send a value that was never checked.
   */
  private async prepare(params: CreateTaskParams<string>, opts: RequestOptions): Promise<string> {
    // What no type describes (null, a string): refused by name, not a TypeError from reading it.
    if (!params || typeof params !== "object" || Array.isArray(params)) throw refuse("params", "an object { type, input }", params);
    const p = params as { type: string; input: Record<string, unknown>; idempotency_key?: string };
    // A model this version does not know (newer than its catalog) is sent, its fields unchecked.
    let unknownModel = "";
    const v = this.checkInputs ? (validator ?? (await loadValidator())) : undefined;
    const check = (type: unknown, input: unknown) => {
      // Its input errors link the docs site by its whole URL, the spec's externalDocs (the models' rules carry it).
      const issues = v ? v.validateInput(type as string, input, { onUnknownModel: (m) => (unknownModel = m) }) : [];
      if (issues.length) throw new InputValidationError(issues, "input");
    };
    // Upload code loads only when the input holds local media.
    const uploads = hasLocal(p.input) ? await import("./uploads.js") : undefined;
    // With local media, a wrong input fails with the field named before anything is uploaded.
    if (uploads) check(p.type, uploads.pending(p.input));
    const input = uploads ? await uploads.uploadLocalMedia(this.transport, p.input, opts) : p.input;
    let json: string;
    try {
      // One key per call: every retry of this call sends the same key, so none creates a second task.
      json = JSON.stringify({ type: p.type, input, idempotency_key: p.idempotency_key ?? randomKey() });
      const sent = JSON.parse(json);
      if (typeof sent.idempotency_key !== "string" || !sent.idempotency_key)
        throw new InputValidationError([{ path: "idempotency_key", message: "idempotency_key must be a non-empty string" }]);
      check(sent.type, sent.input);
    } catch (e) {
      // A valid input is checked once, as sent. On a refusal the caller's own input names the field
      // best, so it is checked first: the NaN given (sent as null), a BigInt JSON cannot write.
      if (!uploads) check(p.type, p.input);
      throw e;
    }
    if (unknownModel) this.transport.cfg.logger?.debug(`model ${JSON.stringify(unknownModel)} is not in this SDK's catalog: sent unchecked`);
    // Aborted before the create was sent: nothing exists, so no "may have been created" and no key.
    if (opts.signal?.aborted) throw new AbortError("Aborted", { cause: opts.signal.reason });
    return json;
  }

  /** Creates a task and returns at once with its id and `pending` status. */
  create<M extends ModelId, T extends ModelTaskTypes[M]>(params: CreateTaskArgs<M, T>, opts: RequestOptions = {}): APIPromise<Task> {
    return apiPromise(
      this.prepare(params, opts).then((body) => this.transport.send<Task>({ ...callOf(createTaskCall), body, task: "" }, opts).catch((e) => lost(e, body))),
    );
  }

  /** The task's status, progress and, once it has succeeded, its output URLs. */
  get(taskId: string, opts: RequestOptions = {}): APIPromise<Task> {
    // A bad id rejects, like every other refusal: it never throws out of a call that returns a promise
    // (an async function's throw is its rejection), and nothing is sent.
    return apiPromise((async () => callOf(getTaskCall, { taskId }))().then((call) => this.transport.send<Task>({ ...call, task: taskId }, opts)));
  }

  /** `await` it for one page, or `for await` it for every task across pages. */
  list(params: ListParams = {}, opts: RequestOptions = {}): TaskListing {
    // Paging loads on first use; the first page is asked for at once (its arguments checked first).
    const paging = import("./paging.js");
    const { transport } = this;
    const listing = apiPromise(paging.then((m) => m.listPage(transport, params, opts)));
    return Object.assign(listing, {
      // Walks every page, starting from the one already asked for.
      async *[Symbol.asyncIterator]() {
        listing.catch(() => {}); // the iteration reports a failure itself
        yield* (await paging).allTasks(transport, params, opts, listing);
      },
    });
  }

  /** Polls until the task succeeds (resolves) or fails (throws `TaskFailedError`), at most `waitTimeout`. */
  async wait(taskId: string, opts: WaitOptions = {}): Promise<Task> {
    // A bad id: the first poll (get) refuses it before any request.
    checkWaitOptions(opts);
    return waitForTask(taskId, (signal) => this.get(taskId, { ...perRequest(opts), signal }), this.transport, opts.pollInterval ?? POLL_INTERVAL_MS, opts);
  }

  /** Creates a task and waits for it: the finished task, or `TaskFailedError`. */
  async run<M extends ModelId, T extends ModelTaskTypes[M]>(params: CreateTaskArgs<M, T>, opts: WaitOptions = {}): Promise<Task> {
    checkWaitOptions(opts); // before the create: a bad option must not leave a task behind
    const task = await this.create(params as CreateTaskParams<string>, { ...perRequest(opts), signal: opts.signal });
    return this.wait(task.id, opts);
  }

  /**
   * Creates a task and yields its progress as it happens (server-sent events): `created`,
   * `progress`..., then `success` or `failed`. A broken stream falls back to polling the same task.
   */
  async *stream<M extends ModelId, T extends ModelTaskTypes[M]>(params: CreateTaskArgs<M, T>, opts: StreamOptions = {}): AsyncGenerator<TaskEvent> {
    checkWaitOptions(opts);
    const body = await this.prepare(params, opts);
    const { streamTask } = await import("./stream.js");
    // Until an event names the task, a failure is the create's (lost-create.ts).
    let named = false;
    try {
      for await (const event of streamTask(
        this.transport,
        body,
        (id, signal) => this.get(id, { ...perRequest(opts), signal }),
        opts.pollInterval ?? POLL_INTERVAL_MS,
        opts,
      )) {
        named = true;
        yield event;
      }
    } catch (e) {
      if (named) throw e;
      await lost(e, body);
    }
  }
}
