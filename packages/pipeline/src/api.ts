// Every request of a run goes through here: the shared rate limiter first, then the client with
// its own retries off, so a 429 pauses the whole run (not one call) and one retry policy holds.
import {
  type Monet,
  MonetError,
  RateLimitError,
  retryPolicy,
  type Task,
  type TaskList,
  type TaskType,
  type UnknownModelParams,
  type UploadedFile,
} from "@monet-ai/client";
import { type OpenFile, uploadFromHandle } from "@monet-ai/client/node";
import { sleep } from "@monet-ai/client/operations";
import { type RateLimiter, WATCH, WORK } from "./limits.js";

const MAX_RATE_LIMITED = 100;
// The client's retry policy (which failures are worth another try, and after how long), more
// patient than a single call's: a run is long, and a 429 is the limiter's, not the policy's.
const policy = retryPolicy({ maxRetries: 6 });

export class Api {
  constructor(
    private readonly client: Monet,
    readonly limiter: RateLimiter,
    private readonly signal?: AbortSignal,
  ) {}

  private async call<T>(fn: (o: { maxRetries: number; signal?: AbortSignal }) => Promise<T>, prio = WORK): Promise<T> {
    // Counted apart: 429s pause the run, other failures are retried by the policy.
    let limited = 0;
    let retries = 0;
    for (;;) {
      await this.limiter.acquire(this.signal, prio);
      const sent = performance.now();
      try {
        const r = await fn({ maxRetries: 0, signal: this.signal });
        this.limiter.accept();
        return r;
      } catch (e) {
        if (this.signal?.aborted) throw e;
        if (e instanceof RateLimitError && ++limited < MAX_RATE_LIMITED) {
          this.limiter.limited(e.retryAfter, sent);
          continue;
        }
        if (!(e instanceof RateLimitError) && e instanceof MonetError && retries < policy.maxRetries && policy.retryable(e)) {
          await sleep(policy.delay(++retries, e), this.signal);
          continue;
        }
        throw e;
      }
    }
  }

  /** Creates a task; the idempotency key makes every retry (and every rerun) return the same task. */
  create(type: TaskType, input: Record<string, unknown>, key: string): Promise<Task> {
    // Loading the pipeline checked that each step's input names its model (validateInput); the
    // client checks the whole input again before it sends.
    const named = input as UnknownModelParams["input"];
    return this.call((o) => this.client.tasks.create({ type, input: named, idempotency_key: key }, o));
  }

  /** The task `id`; an answer about another task is the server's error (watching would ask again for ever). */
  async get(id: string): Promise<Task> {
    const task = await this.call((o) => this.client.tasks.get(id, o));
    if (task.id !== id) throw new MonetError(`the server answered a GET of task ${id} with another task, ${JSON.stringify(task.id.slice(0, 100))}`);
    return task;
  }

  // List pages go before creates: one reports many tasks, freeing the slots the waiting creates
  // need. (A GET per task does not: with many tasks past the pages, they would starve creates.)
  list(page: number, pageSize: number): Promise<TaskList> {
    return this.call((o) => Promise.resolve(this.client.tasks.list({ page, pageSize }, o)), WATCH);
  }

  /** Uploads what `open` opened (and checked), streamed from that handle; each attempt opens anew. */
  upload(open: () => Promise<{ handle: OpenFile; filename: string; contentType: string }>): Promise<UploadedFile> {
    return this.call(async (o) => {
      const { handle, filename, contentType } = await open();
      return uploadFromHandle(this.client, handle, { filename, contentType, signal: o.signal });
    });
  }
}
