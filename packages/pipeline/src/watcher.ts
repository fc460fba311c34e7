// Watching many running tasks with few requests: one list page (newest first, as many tasks as the spec allows)
// reports many statuses at once; tasks the pages do not reach are asked for one by one.
import type { Task } from "@monet-ai/client";
import type { Api } from "./api.js";
import { sleep } from "./sleep.js";
import { listTasks, param } from "@monet-ai/client/operations";

// The largest page the spec allows (the operations table).
const pageSize = param(listTasks, "pageSize");
if (pageSize.maximum === undefined) throw new Error("the operations table gives listTasks' pageSize no maximum");
const PAGE_SIZE = pageSize.maximum;
const final = (t: Task) => t.status === "success" || t.status === "failed";

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
  /** Requests spent watching, by kind. */
  readonly stats = { listPages: 0, gets: 0 };

  constructor(
    private readonly api: Api,
    private readonly pollInterval: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Resolves with the task once it is final (success or failed); `onChange` sees it on the way. */
  watch(id: string, createdAt: string | undefined, onChange: (t: Task) => void): Promise<Task> {
    return new Promise((resolve, reject) => {
      this.watched.set(id, { id, created: Date.parse(createdAt ?? "") || Date.now(), onChange, resolve, reject });
      if (!this.running) void this.loop();
    });
  }

  private async loop() {
    this.running = true;
    try {
      while (this.watched.size) {
        await sleep(this.pollInterval, this.signal);
        await this.poll();
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

  /** One round: list pages until every watched task was seen or the pages are older than all of them. */
  private async poll() {
    // Tasks registered during this round wait for the next: the pages may predate them.
    const pending = new Map(this.watched);
    if (pending.size > 1) {
      const oldest = Math.min(...[...pending.values()].map((w) => w.created));
      const maxPages = Math.ceil(pending.size / PAGE_SIZE) + 2;
      for (let page = 1; pending.size && page <= maxPages; page++) {
        // A list that keeps failing leaves the tasks to their own GETs below.
        const list = await this.api.list(page, PAGE_SIZE).catch(() => undefined);
        if (!list) break;
        this.stats.listPages++;
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
