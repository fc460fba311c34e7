// s15 audit finding 5: a task reporting a status the spec does not name (`cancelled`) was polled
// for ever, in silence: no event said what the API answered, and with no taskTimeout the run never
// ended. Now the status is reported (`unknown-status`, once per change), it stays not final (the
// spec's rule), and the wait for it is bounded: the task is left at the API, reported timed out,
// and a rerun re-attaches to it. A run with no taskTimeout gets a day (DEFAULT_TASK_TIMEOUT_MS).
import { afterEach, expect, test } from "vitest";
import { DEFAULT_TASK_TIMEOUT_MS, type PipelineEvent, runPipeline, UNKNOWN_STATUS_WAIT_MS } from "../src/index.js";
import { emptyPage, type HostileApi, json, route, startHostileApi, task, within } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

// A backstop, not a timing: a hung run fails here instead of at vitest's timeout.
const BACKSTOP_MS = 60_000;

const pipeline = {
  name: "unknown",
  items: [{ id: "a" }],
  steps: { still: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.id }}" } } },
};

/** Every task is `pending` when created, then reports `status` for ever. */
const serve = (status: string) =>
  startHostileApi((req, res) => {
    const r = route(req);
    if (r.create) return json(res, task("task_1", "pending"));
    if (r.list) return json(res, { ...emptyPage, tasks: [task("task_1", status)], total: 1 });
    if (r.get) return json(res, task(r.get, status));
    json(res, { error: { message: "not found" } }, 404);
  });

test("a status the spec does not name is reported once, is not final, and the wait for it ends: the task is left for a rerun", async () => {
  api = await serve("cancelled");
  const events: PipelineEvent[] = [];
  const m = await within(
    runPipeline(pipeline, { client: api.monet, outDir: api.out, pollInterval: 20, baseDir: api.dir, taskTimeout: 300, onEvent: (e) => events.push(e) }),
    BACKSTOP_MS,
    "the run",
  );
  const unknown = events.filter((e) => e.type === "task" && e.status === "unknown-status");
  // Polled many times, shown once: the status did not change.
  expect(api.seen.filter((r) => route(r).list || route(r).get).length).toBeGreaterThan(2);
  expect(unknown).toEqual([expect.objectContaining({ node: "still/a", id: "task_1", apiStatus: "cancelled" })]);
  expect(m.summary).toEqual({ total: 1, succeeded: 0, failed: 0, skipped: 0, unfinished: 1 });
  const [t] = m.tasks;
  // Not final: no `ended`, and a plain rerun re-attaches.
  expect(t).toMatchObject({ status: "unfinished", id: "task_1" });
  expect(t.ended).toBeUndefined();
  expect(t.error).toBe(
    `task task_1 reports status "cancelled", which this client does not know (not final, as the API's spec says); stopped waiting after 300 ms (taskTimeout, at most ${UNKNOWN_STATUS_WAIT_MS / 1000} s for an unknown status); it was left at the API: a rerun re-attaches to it`,
  );
  expect(events.at(-1)).toMatchObject({ type: "done", next: ["rerun"] });
});

test("the bounds: an unknown status is waited for at most the client's default wait, any task at most a day by default", async () => {
  const { WAIT_TIMEOUT_MS } = await import("@monet-ai/client/operations");
  expect(UNKNOWN_STATUS_WAIT_MS).toBe(WAIT_TIMEOUT_MS);
  expect(DEFAULT_TASK_TIMEOUT_MS).toBe(24 * 3_600_000);
});
