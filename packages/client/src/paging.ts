// `tasks.list`: one page (checked against the spec's bounds), and every task across pages for
// `for await (const t of monet.tasks.list())`. Loaded on first use.

import type { Task, TaskList } from "@monet-ai/models/spec";
import type { Answer, RequestOptions, Transport } from "./core.js";
import { listTasks } from "./generated/operations/listTasks.gen.js";
import { queryText } from "./query.js";
import { APIError, callOf } from "./runtime.js";

export interface ListParams {
  /** The first page to read, from 1 (default 1). */
  page?: number;
  /** Tasks per page, within the spec's bounds (default: the API's). */
  pageSize?: number;
}

/** One page; an answer without a list of tasks is the server's error, named. */
export function listPage(transport: Transport, params: ListParams, opts: RequestOptions): Promise<Answer<TaskList>> {
  const query = queryText(listTasks, { query: params });
  const call = callOf(listTasks);
  return transport.send<TaskList>({ ...call, path: call.path + query }, opts).then((a) => {
    if (!Array.isArray(a.data?.tasks))
      throw new APIError(`Expected a page of tasks, got ${JSON.stringify(a.data)?.slice(0, 60)}`, { status: a.response.status, requestId: a.requestId });
    return a;
  });
}

export async function* allTasks(transport: Transport, params: ListParams, opts: RequestOptions, first: Promise<TaskList>): AsyncGenerator<Task> {
  // Newest first: tasks created while paging shift the pages, so skip what was already seen.
  const seen = new Set<string>();
  for (let p = await first, page = p.page; ; p = (await listPage(transport, { ...params, page: ++page }, opts)).data) {
    for (const t of p.tasks) {
      if (seen.has(t?.id)) continue;
      seen.add(t?.id);
      yield t;
    }
    // Written so that a page without numbers (a lying server) ends the walk instead of looping.
    if (!p.tasks.length || !(page * p.pageSize < p.total)) return;
  }
}
