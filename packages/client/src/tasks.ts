// monet.tasks: create, get, list, wait, run and stream generation tasks.
import { validateInput } from "@monet-ai/models/validate";
import { checkPaging, checkTaskId } from "./args.js";
import type { RequestOptions, Transport } from "./core.js";
import { InputValidationError } from "./errors.js";
import { routes } from "./generated/routes.gen.js";
import type { Task, TaskList } from "./generated/types.gen.js";
import type { StreamOptions } from "./stream.js";
import type { CreateTaskParams, TaskEvent } from "./types.js";
import { waitForTask, type WaitOptions } from "./wait.js";

export interface ListParams {
  /** The first page to read, from 1 (default 1). */
  page?: number;
  /** Tasks per page, 1 to 100 (default: the API's, 20). */
  pageSize?: number;
}

const randomKey = () => globalThis.crypto.randomUUID();
// Any non-string in an input's lists is local media to upload (uploads.ts says which kinds).
const hasLocal = (input: unknown) => Object.values(input ?? {}).some((v) => Array.isArray(v) && v.some((x) => x && typeof x == "object"));

/** One page when awaited; every task across pages when iterated with `for await`. */
export interface TaskListing extends PromiseLike<TaskList>, AsyncIterable<Task> {}

export class Tasks {
  constructor(private readonly transport: Transport, private readonly checkInputs: boolean) {}

  /**
   * Uploads local media, fills in a fresh idempotency key if none was given, and serialises the
   * request once: the parsed-back copy of those exact bytes is what is checked, and those bytes
   * are what is sent, so a `toJSON` or a getter cannot send a value that was never checked.
   */
  private async prepare(params: CreateTaskParams, opts: RequestOptions): Promise<string> {
    const p = params as { type: string; input: Record<string, unknown>; idempotency_key?: string };
    const check = (type: unknown, input: unknown) => {
      const issues = this.checkInputs ? validateInput(type as string, input) : [];
      if (issues.length) throw new InputValidationError(issues, "input");
    };
    // Upload code loads only when the input holds local media.
    const uploads = hasLocal(p.input) ? await import("./uploads.js") : undefined;
    // A wrong input fails here with the field named (before anything is uploaded or serialised).
    check(p.type, uploads ? uploads.pending(p.input) : p.input);
    const input = uploads ? await uploads.uploadLocalMedia(this.transport, p.input, opts) : p.input;
    // One key per call: every retry of this call sends the same key, so none creates a second task.
    const json = JSON.stringify({ type: p.type, input, idempotency_key: p.idempotency_key ?? randomKey() });
    const sent = JSON.parse(json);
    if (typeof sent.idempotency_key != "string" || !sent.idempotency_key)
      throw new InputValidationError([{ path: "idempotency_key", message: "idempotency_key must be a non-empty string" }]);
    check(sent.type, sent.input);
    return json;
  }

  /** Creates a task and returns at once with its id and `pending` status. */
  async create(params: CreateTaskParams, opts: RequestOptions = {}): Promise<Task> {
    const body = await this.prepare(params, opts);
    return this.transport.request<Task>({ ...routes.createTask, body }, opts);
  }

  /** The task's status, progress and, once it has succeeded, its output URLs. */
  get(taskId: string, opts: RequestOptions = {}): Promise<Task> {
    const id = checkTaskId(taskId);
    return this.transport.request<Task>({ method: routes.getTask.method, path: routes.getTask.path.replace("{taskId}", encodeURIComponent(id)) }, opts);
  }

  /** `await` it for one page, or `for await` it for every task across pages. */
  list(params: ListParams = {}, opts: RequestOptions = {}): TaskListing {
    checkPaging(params.page, params.pageSize);
    const first = params.page ?? 1;
    const fetchPage = (page: number) => this.transport.request<TaskList>({ ...routes.listTasks, query: { page, pageSize: params.pageSize } }, opts);
    return {
      then: (ok, fail) => fetchPage(first).then(ok, fail),
      // Paging through every task loads on first use.
      async *[Symbol.asyncIterator]() {
        yield* (await import("./paging.js")).allTasks(fetchPage, first);
      },
    };
  }

  /** Polls until the task succeeds (resolves) or fails (throws `TaskFailedError`). */
  wait(taskId: string, opts: WaitOptions & { maxRetries?: number } = {}): Promise<Task> {
    const id = checkTaskId(taskId);
    return waitForTask(id, (signal) => this.get(id, { maxRetries: opts.maxRetries, signal }), opts);
  }

  /** Creates a task and waits for it: the finished task, or `TaskFailedError`. */
  async run(params: CreateTaskParams, opts: WaitOptions & { maxRetries?: number } = {}): Promise<Task> {
    const task = await this.create(params, { signal: opts.signal, maxRetries: opts.maxRetries });
    return this.wait(task.id, opts);
  }

  /**
   * Creates a task and yields its progress as it happens (server-sent events): `created`,
   * `progress`..., then `success` or `failed`. A broken stream falls back to polling the same task.
   */
  async *stream(params: CreateTaskParams, opts: StreamOptions = {}): AsyncGenerator<TaskEvent> {
    const body = await this.prepare(params, opts);
    const { streamTask } = await import("./stream.js");
    yield* streamTask(this.transport, body, (id, signal) => this.get(id, { signal, maxRetries: opts.maxRetries }), opts);
  }
}
