// Every request of a run goes through here: the shared rate limiter first, then the client with
// its own retries off, so a 429 pauses the whole run (not one call) and one retry policy holds.
import { APIConnectionError, APIError, InternalServerError, type Monet, RateLimitError, type Task, type TaskList, type UploadedFile } from "@monet-ai/client";
import { fileFromPath } from "@monet-ai/client/node";
import { sleep } from "@monet-ai/client/operations";
import { type RateLimiter, WATCH, WORK } from "./limits.js";

const MAX_RATE_LIMITED = 100;
const MAX_TRANSIENT = 6;
/** The task is fine, the way to it is not: worth another try of the same request. */
const transient = (e: unknown) => e instanceof APIConnectionError || e instanceof InternalServerError || (e instanceof APIError && e.status === 408);
const backoff = (attempt: number) => Math.random() * Math.min(8000, 500 * 2 ** attempt);

export class Api {
  constructor(
    private readonly client: Monet,
    readonly limiter: RateLimiter,
    private readonly signal?: AbortSignal,
  ) {}

  private async call<T>(fn: (o: { maxRetries: number; signal?: AbortSignal }) => Promise<T>, prio = WORK): Promise<T> {
    let limited = 0;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(this.signal, prio);
      try {
        const r = await fn({ maxRetries: 0, signal: this.signal });
        this.limiter.accept();
        return r;
      } catch (e) {
        if (this.signal?.aborted) throw e;
        if (e instanceof RateLimitError && ++limited < MAX_RATE_LIMITED) {
          this.limiter.limited(e.retryAfter);
          continue;
        }
        if (transient(e) && attempt < MAX_TRANSIENT) {
          await sleep(backoff(attempt), this.signal);
          continue;
        }
        throw e;
      }
    }
  }

  /** Creates a task; the idempotency key makes every retry (and every rerun) return the same task. */
  create(type: string, input: Record<string, unknown>, key: string): Promise<Task> {
    return this.call((o) => this.client.tasks.create({ type, input, idempotency_key: key } as never, o));
  }

  get(id: string): Promise<Task> {
    return this.call((o) => this.client.tasks.get(id, o));
  }

  // List pages go before creates: one reports many tasks, freeing the slots the waiting creates
  // need. (A GET per task does not: with many tasks past the pages, they would starve creates.)
  list(page: number, pageSize: number): Promise<TaskList> {
    return this.call((o) => Promise.resolve(this.client.tasks.list({ page, pageSize }, o)), WATCH);
  }

  upload(path: string): Promise<UploadedFile> {
    return this.call(async (o) => this.client.files.upload(await fileFromPath(path), o));
  }
}
