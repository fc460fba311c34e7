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
import { MAX_PAUSE_S, type RateLimiter, WATCH, WORK } from "./limits.js";
import { RATE_LIMITED_WAIT_MS } from "./rate-limited-wait.js";

/** A bound per call too (a server that takes other requests but never this one). */
const MAX_RATE_LIMITED = 100;
// The client's retry policy (which failures are worth another try, and after how long), more
// patient than a single call's: a run is long, and a 429 is the limiter's, not the policy's.
const policy = retryPolicy({ maxRetries: 6 });

export class Api {
  /** When the 429s began that no accepted request has followed (performance.now()). */
  private limitedSince?: number;

  constructor(
    private readonly client: Monet,
    readonly limiter: RateLimiter,
    private readonly signal?: AbortSignal,
    private readonly rateLimitedWait = RATE_LIMITED_WAIT_MS,
  ) {}

  /**
   * The error that ends the run when 429s alone, run-wide, would last past rateLimitedWait with
   * the pause `e` asks for (no use waiting a pause out to stop after it); undefined to wait.
   */
  private tooLong(e: RateLimitError): RateLimitError | undefined {
    const now = performance.now();
    this.limitedSince ??= now;
    const pause = Math.min(MAX_PAUSE_S, e.retryAfter ?? 1) * 1000;
    if (now + pause - this.limitedSince <= this.rateLimitedWait) return undefined;
    const s = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    return new RateLimitError(
      `the API answered every request with 429 (rate limited) for ${s(now - this.limitedSince)}, none taken${e.retryAfter ? `, the last asking to wait ${e.retryAfter} s` : ""}, past the run's limit of ${s(this.rateLimitedWait)} (rateLimitedWait): ${e.message}`,
      { status: e.status, code: e.code, requestId: e.requestId, retryAfter: e.retryAfter, cause: e },
    );
  }

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
        this.limitedSince = undefined;
        return r;
      } catch (e) {
        if (this.signal?.aborted) throw e;
        if (e instanceof RateLimitError) {
          const stop = this.tooLong(e);
          if (stop) throw stop;
        }
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
