// Watching many running tasks with few requests: one list page (newest first, as many tasks as the spec allows)
// reports many statuses at once; tasks the pages do not reach are asked for one by one.
//
// Pace: a round at least every `pollInterval` (the API recommends 5 s). Rounds come sooner when
// they are cheap and the rate limit has room: each watched task earns EARLY_CREDIT of a list page,
// and an early round spends them (so watching stays under 1 + EARLY_CREDIT requests per task with the
// create). While other requests wait for the limiter, early rounds come at most every BUSY_GAP_MS (a
// finished task frees its slot and starts its dependents within about a second); when nothing
// waits, as often as every other turn of the limiter, using budget that would otherwise go unused.
import type { Task } from "@monet-ai/client";
import { isFinal as final, listTasks, param, sleep } from "@monet-ai/client/operations";
import type { Api } from "./api.js";

// The largest page the spec allows (the operations table).
const pageSize = param(listTasks, "pageSize");
if (pageSize.maximum === undefined) throw new Error("the operations table gives listTasks' pageSize no maximum");
const PAGE_SIZE = pageSize.maximum;
const EARLY_CREDIT = 0.4;
const BUSY_GAP_MS = 1000;
/** List pages kept for once-a-second rounds: the fast rounds of an idle limiter do not spend them. */
const RESERVE = 5;

interface Watched {
  id: string;
  created: number;
  onChange: (t: Task) => void;
  resolve: (t: Task) => void;
  reject: (e: unknown) => void;
}

export class Watcher {
  private watched = new Map<string, Watched>();
  private running = false;
  /** List pages that early rounds may still spend. */
  private credits = 0;
  /** Requests spent watching, by kind (`earlyPages`: the list pages of early rounds, counted in `listPages` too). */
  readonly stats = { listPages: 0, gets: 0, earlyPages: 0 };

  constructor(
    private readonly api: Api,
    private readonly pollInterval: number,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Resolves with the task once it is final (success or failed); `onChange` sees it on the way.
   * Rejects on abort (of the run, or `stop` for this watch alone), whatever the loop is doing, and at once for an id watched already: a second
   * watch of one id replaced the first, whose promise then never settled (the run hung).
   */
  watch(id: string, createdAt: string | undefined, onChange: (t: Task) => void, stop?: AbortSignal): Promise<Task> {
    return new Promise((resolve, reject) => {
      // `stop` ends this watch alone (a task's time limit); the run's signal ends every one.
      const both = [this.signal, stop].filter((s): s is AbortSignal => s !== undefined);
      const signal = both.length > 1 ? AbortSignal.any(both) : both[0];
      if (signal?.aborted) return reject(signal.reason);
      if (this.watched.has(id)) return reject(new Error(`task ${id} is watched already, for another item`));
      const onAbort = () => {
        if (this.watched.get(id) === w) this.watched.delete(id);
        reject(signal?.reason);
      };
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T) => {
          signal?.removeEventListener("abort", onAbort);
          f(v);
        };
      const w: Watched = { id, created: Date.parse(createdAt ?? "") || Date.now(), onChange, resolve: settle(resolve), reject: settle(reject) };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.watched.set(id, w);
      this.credits += EARLY_CREDIT;
      if (!this.running) void this.loop();
    });
  }

  private async loop() {
    this.running = true;
    try {
      let last = performance.now();
      while (this.watched.size) {
        const since = performance.now() - last;
        const limiter = this.api.limiter;
        const pages = Math.ceil(this.watched.size / PAGE_SIZE);
        // Every other turn of the limiter when it has nothing else to send, as long as credit is left
        // above a reserve for the once-a-second rounds (spent dry, finished tasks would hold their
        // slots until the next full round, and no new task would come to bring credit); else a second.
        const gap = limiter.idle() && this.credits >= pages + RESERVE ? 2000 / limiter.rate : BUSY_GAP_MS;
        // The last task of a run counts too: credit left by the others pays for its early rounds.
        const early = since >= gap && this.credits >= pages;
        if (since >= this.pollInterval || early) {
          last = performance.now();
          await this.poll(since < this.pollInterval);
          continue;
        }
        // Look again within two turns of the limiter: it may fall idle, or new tasks bring credit.
        await sleep(Math.max(1, Math.min(this.pollInterval - since, gap - since > 0 ? gap - since : Infinity, 2000 / limiter.rate)), this.signal);
      }
    } catch (e) {
      for (const w of this.watched.values()) w.reject(e);
      this.watched.clear();
    } finally {
      this.running = false;
    }
  }

  private deliver(t: Task) {
    const w = this.watched.get(t.id);
    if (!w) return;
    w.onChange(t);
    if (final(t)) {
      this.watched.delete(t.id);
      w.resolve(t);
    }
  }

  /**
   * One round: list pages until every watched task was seen or the pages are older than all of
   * them. An early round spends credits on its pages and leaves unseen tasks to the next full one.
   */
  private async poll(early: boolean) {
    // Tasks registered during this round wait for the next: the pages may predate them.
    const pending = new Map(this.watched);
    // One task alone is cheaper to GET, except in an early round (list pages only).
    if (pending.size > 1 || early) {
      const oldest = Math.min(...[...pending.values()].map((w) => w.created));
      const maxPages = Math.ceil(pending.size / PAGE_SIZE) + 2;
      for (let page = 1; pending.size && page <= maxPages; page++) {
        if (early) {
          if (this.credits < 1) break;
          this.credits--;
        }
        // A list that keeps failing leaves the tasks to their own GETs below.
        const list = await this.api.list(page, PAGE_SIZE).catch(() => undefined);
        if (!list) break;
        this.stats.listPages++;
        if (early) this.stats.earlyPages++;
        for (const t of list.tasks)
          if (pending.has(t.id)) {
            pending.delete(t.id);
            this.deliver(t);
          }
        const last = list.tasks.at(-1);
        if (list.tasks.length < PAGE_SIZE || !last || page * PAGE_SIZE >= list.total) break;
        // Newest first: once a page ends before the oldest watched task, later pages hold none.
        if (Date.parse(last.created_at) < oldest) break;
      }
    }
    if (early) return;
    await Promise.all(
      [...pending.keys()].map(async (id) => {
        try {
          const t = await this.api.get(id);
          this.stats.gets++;
          this.deliver(t);
        } catch (e) {
          if (this.signal?.aborted) throw e;
          // Only this task is lost (e.g. 404): the others go on.
          this.watched.get(id)?.reject(e);
          this.watched.delete(id);
        }
      }),
    );
  }
}
