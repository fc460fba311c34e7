// `tasks.list`: one page (checked against the spec's bounds), and every task across pages for
// `for await (const t of monet.tasks.list())`. Loaded on first use.

import type { Task, TaskList } from "@monet-ai/models/spec";
import type { Answer, RequestOptions, Transport } from "./core.js";
import { listTasks } from "./generated/operations/listTasks.gen.js";
import { queryText } from "./query.js";
import { APIError, callOf, isTask } from "./runtime.js";

export interface ListParams {
  /** The first page to read, from 1 (default 1). */
  page?: number;
  /** Tasks per page, within the spec's bounds (default: the API's). */
  pageSize?: number;
}

/** The spec's largest page: the `pageSize` parameter's maximum, from the operations table. */
const LARGEST_PAGE = (listTasks.params.find((p) => p.name === "pageSize")?.schema as { maximum?: number } | undefined)?.maximum ?? Infinity;
/** The most tasks a page may hold: the size asked for, else the spec's largest page. */
const mostPerPage = (params: ListParams) => params.pageSize ?? LARGEST_PAGE;

/** The ids a walk remembers to skip the tasks that shift onto later pages: this many pages' worth, no more (a lying server could fill any Set). */
const REMEMBERED_PAGES = 10;

/**
 * One page; an answer without a list of tasks, with an entry that is not a task, or with more
 * tasks than a page may hold is the server's error, named.
 */
export function listPage(transport: Transport, params: ListParams, opts: RequestOptions): Promise<Answer<TaskList>> {
  const query = queryText(listTasks, { query: params });
  const call = callOf(listTasks);
  return transport.send<TaskList>({ ...call, path: call.path + query }, opts).then((a) => {
    const tasks = a.data?.tasks;
    const most = mostPerPage(params);
    const wrong = !Array.isArray(tasks)
      ? `Expected a page of tasks, got ${JSON.stringify(a.data)?.slice(0, 60)}`
      : tasks.length > most
        ? `Expected a page of at most ${most} tasks (the pageSize asked for, else the API's largest), got ${tasks.length}`
        : tasks.some((t) => !isTask(t)) && `Expected a page of tasks, got an entry ${JSON.stringify(tasks.find((t) => !isTask(t)))?.slice(0, 60)}`;
    if (wrong) throw new APIError(wrong, { status: a.response.status, requestId: a.requestId });
    return a;
  });
}

export async function* allTasks(transport: Transport, params: ListParams, opts: RequestOptions, first: Promise<TaskList>): AsyncGenerator<Task> {
  // Newest first: tasks created while paging shift the pages, so skip what was already seen. The
  // pages are counted here, never taken from the server's `page`: a lying one cannot steer the walk.
  const seen = new Set<string>();
  const remember = mostPerPage(params) * REMEMBERED_PAGES;
  let page = params.page ?? 1;
  let firstTotal: number | undefined;
  let reseen = 0;
  let allSeen = 0;
  // The first task of every page read, with the page and the total then: one id a page, for a
  // cycle longer than `seen` remembers (below).
  const firsts = new Map<string, { page: number; total: number }>();
  for (let p = await first; ; p = (await listPage(transport, { ...params, page: ++page }, opts)).data) {
    firstTotal ??= p.total;
    // A page that starts with a task the walk forgot (`seen` keeps the last pages; those are
    // checked below) that another page started with, more pages on than the tasks created since
    // could shift it (its total's growth): the server cycles through pages. Honest lists move a
    // task later only as tasks are created before it.
    const start = p.tasks[0]?.id;
    const then = start === undefined || seen.has(start) ? undefined : firsts.get(start);
    if (then && p.total - then.total < (page - then.page) * p.tasks.length)
      throw new APIError(
        `Page ${page} of ${listTasks.path} starts with the task page ${then.page} started with, more pages on than the tasks created since could move it: the server repeats pages (or ignores page=), so the walk stops`,
      );
    if (start !== undefined) firsts.set(start, { page, total: p.total });
    let fresh = 0;
    for (const t of p.tasks) {
      if (seen.has(t.id)) {
        reseen++;
        continue;
      }
      seen.add(t.id);
      // The oldest id goes first: only tasks of the last pages can shift onto the next one.
      if (seen.size > remember) seen.delete(seen.values().next().value as string);
      fresh++;
      yield t;
    }
    // A page of tasks all yielded already: honest when tasks created since the walk began shifted
    // the list by whole pages. A list newest first shows a walk at most as many tasks again as
    // were created (its total's growth since the first page); more, and the server repeats pages
    // or ignores `page` (AWS SDK paginators stop the same way on a repeated token): walking on
    // would ask for ever, and ending quietly, even on the last page, would hide the tasks it never
    // sent. A list that grows as fast as the walk reads stops it too, without blame, after as many
    // such pages in a row as it remembers.
    if (p.tasks.length && !fresh) {
      if (!(reseen <= p.total - firstTotal))
        throw new APIError(
          `Page ${page} of ${listTasks.path} held no task the walk had not already yielded, more than the tasks created since it began (its total's growth): the server repeats pages (or ignores page=), so the walk stops`,
        );
      if (++allSeen >= REMEMBERED_PAGES)
        throw new APIError(
          `Pages ${page - allSeen + 1} to ${page} of ${listTasks.path} held only tasks the walk had already yielded, as tasks were created as fast as it read them: the walk stops instead of reading for ever; list again, or page by page`,
        );
    } else allSeen = 0;
    // Written so that a page without numbers (a lying server) ends the walk instead of looping.
    if (!p.tasks.length || !(page * p.pageSize < p.total) || !Number.isSafeInteger(page + 1)) return;
  }
}
