// Every task across pages, for `for await (const t of monet.tasks.list())`.
import type { Task, TaskList } from "./generated/types.gen.js";

export async function* allTasks(fetchPage: (page: number) => Promise<TaskList>, first: number): AsyncGenerator<Task> {
  // Newest first: tasks created while paging shift the pages, so skip what was already seen.
  const seen = new Set<string>();
  for (let page = first; ; page++) {
    const p = await fetchPage(page);
    for (const t of p.tasks) if (!seen.has(t.id)) seen.add(t.id), yield t;
    if (!p.tasks.length || page * p.pageSize >= p.total) return;
  }
}
