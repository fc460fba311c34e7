// A server that lies about task ids never hangs a run. Two creates answered with one id: the
// second watch replaced the first, whose item never settled, abort or not (the CLI died with
// "unsettled top-level await", no manifest, its lock left). A GET answered with another task's id:
// the run polled for ever. Now the second item fails naming the first, a mismatched answer fails
// its item, every pending watch rejects on abort, and the run writes its manifest and lets go.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { Api } from "../src/api.js";
import { runPipeline } from "../src/index.js";
import { RateLimiter } from "../src/limits.js";
import { Watcher } from "../src/watcher.js";
import { emptyPage, type HostileApi, json, KEY, PNG, route, startHostileApi, task, within } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

// Budgets, not timings: a run here takes well under a second; a hang is caught long before vitest's timeout.
const BUDGET_MS = 30_000;

const TWO = {
  name: "ids",
  items: [
    { id: "a", p: "x" },
    { id: "b", p: "y" },
  ],
  steps: { s: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.p }}" } } },
};

/** Creates answered by `createId(n)`, GETs by `answer(id)`; outputs served. */
const serve = (createId: (n: number) => string, answer: (id: string, a: HostileApi) => object) => {
  let creates = 0;
  return startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.output) return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (r.create) return json(res, task(createId(++creates), "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get) return json(res, answer(r.get, a));
    json(res, { error: { message: "not found" } }, 404);
  });
};

const run = (signal?: AbortSignal) =>
  within(runPipeline(TWO, { client: api.monet, outDir: api.out, pollInterval: 50, baseDir: api.dir, signal }), BUDGET_MS, "the run");

test("two creates answered with one task id: the second item fails naming the first; the run ends, writes its manifest, lets go of the folder", async () => {
  api = await serve(
    () => "task_same",
    (id, a) => task(id, "success", [`${a.url}/o/${id}.png`]),
  );
  const m = await run(AbortSignal.timeout(BUDGET_MS));
  expect(m.summary).toEqual({ total: 2, succeeded: 1, failed: 1, skipped: 0 });
  const ok = m.tasks.find((t) => t.status === "succeeded")!;
  const failed = m.tasks.find((t) => t.status === "failed")!;
  expect(ok.id).toBe("task_same");
  expect(failed.id).toBeUndefined();
  expect(failed.error).toBe(
    `the server gave this item's task the id task_same, which it already gave step s, item ${ok.item}: two items cannot share a task (a server error); nothing was watched or saved for this one`,
  );
  expect(fs.readdirSync(path.join(api.out, "s"))).toEqual([`${ok.item}.png`]);
  expect(fs.existsSync(path.join(api.out, "manifest.json"))).toBe(true);
  expect(fs.existsSync(path.join(api.out, ".pipeline", "lock"))).toBe(false);
});

test("a GET answered with another task's id fails that item after one GET, not an endless poll", async () => {
  api = await serve(
    (n) => `task_${n}`,
    (_id, a) => task("task_someone_else", "success", [`${a.url}/o/x.png`]),
  );
  const m = await run(AbortSignal.timeout(BUDGET_MS));
  expect(m.summary).toEqual({ total: 2, succeeded: 0, failed: 2, skipped: 0 });
  for (const t of m.tasks) expect(t.error).toBe(`lost track of task ${t.id}: the server answered a GET of task ${t.id} with another task, "task_someone_else"`);
  // One GET per task: the answer is an error, not a reason to ask again.
  expect(api.seen.filter((r) => route(r).get).length).toBe(2);
  expect(fs.existsSync(path.join(api.out, ".pipeline", "lock"))).toBe(false);
});

test("the watcher: a second watch of one id is refused at once, and every pending watch rejects on abort", async () => {
  // Tasks that never end.
  api = await serve(
    () => "task_never",
    (id) => task(id, "processing"),
  );
  const ctrl = new AbortController();
  const watcher = new Watcher(new Api(api.monet, new RateLimiter({}), ctrl.signal), 50, ctrl.signal);
  const first = watcher.watch("task_never", undefined, () => {});
  const firstSettled = first.then(
    () => "resolved",
    (e: Error) => e,
  );
  await expect(
    within(
      watcher.watch("task_never", undefined, () => {}),
      BUDGET_MS,
      "the second watch",
    ),
  ).rejects.toThrow("task task_never is watched already, for another item");
  const other = watcher.watch("task_other", undefined, () => {}).catch((e: Error) => e);
  ctrl.abort(new Error("stop"));
  expect((await within(firstSettled, BUDGET_MS, "the first watch")) as Error).toMatchObject({ message: "stop" });
  expect(((await within(other, BUDGET_MS, "the other watch")) as Error).message).toBe("stop");
  // Watched after the abort: rejected at once.
  await expect(watcher.watch("task_late", undefined, () => {})).rejects.toThrow("stop");
});

test("the CLI: two items given one id end the run with exit 1, the manifest and no lock (it exited 13 with an unsettled await)", async () => {
  api = await serve(
    () => "task_same",
    (id, a) => task(id, "success", [`${a.url}/o/${id}.png`]),
  );
  const file = api.write(
    "p.yaml",
    `name: cli-ids\nitems:\n  - { id: a, p: x }\n  - { id: b, p: y }\nsteps:\n  s: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "\${{ item.p }}" } }\n`,
  );
  const bin = path.resolve(import.meta.dirname, "../../cli/dist/cli.js");
  const r = await within(
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, "pipeline", "run", file, "--out", api.out], {
        env: { ...process.env, MONET_API_KEY: KEY, MONET_BASE_URL: api.url, MONET_POLL_INTERVAL: "50" },
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stderr }));
      // A hang would leave the child behind: the budget ends it.
      setTimeout(() => child.kill("SIGKILL"), BUDGET_MS).unref();
    }),
    BUDGET_MS + 5_000,
    "the CLI",
  );
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain("2 tasks: 1 succeeded, 1 failed, 0 skipped.");
  expect(r.stderr).toContain("two items cannot share a task");
  expect(fs.existsSync(path.join(api.out, "manifest.json"))).toBe(true);
  expect(fs.existsSync(path.join(api.out, ".pipeline", "lock"))).toBe(false);
});
