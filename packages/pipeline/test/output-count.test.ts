// How much a server can make a run save: at most MAX_OUTPUTS (8) outputs per task (no Monet model
// makes more than one), a task listing more fails naming it before anything of it is saved or
// used, and at most 8 downloads run at once whatever the number of tasks.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { MAX_OUTPUTS, runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const pipeline = (ids: string[]) => ({
  name: "count",
  items: ids.map((id) => ({ id })),
  steps: {
    still: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.id }}" } },
    clip: { foreach: "items" as const, type: "video" as const, input: { model: "kling-2-6", prompt: "x", images: ["${{ steps.still.outputs[0].url }}"] } },
  },
});

/** Each task answers `n(id)` outputs, served as PNGs after `hold` (which may wait). */
const serve = (n: (id: string) => number, hold: () => Promise<void> = async () => {}) => {
  let creates = 0;
  return startHostileApi(async (req, res, a) => {
    const r = route(req);
    if (r.output) {
      await hold();
      // A clip's output is served as a video (a saved output must be of its step's kind).
      return void res.writeHead(200, { "content-type": req.path.includes("task_video") ? "video/mp4" : "image/png" }).end(PNG);
    }
    if (r.create) return json(res, task(`task_${JSON.parse(req.body).type}_${++creates}`, "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get)
      return json(
        res,
        task(
          r.get,
          "success",
          Array.from({ length: n(r.get) }, (_, i) => `${a.url}/o/${r.get}-${i}.png`),
        ),
      );
    json(res, { error: { message: "not found" } }, 404);
  });
};

test("a task listing more than 8 outputs fails naming the task, step and item: nothing of it is downloaded or used", async () => {
  api = await serve((id) => (id.startsWith("task_image") ? 2_000 : 1));
  const m = await runPipeline(pipeline(["a"]), { client: api.monet, outDir: api.out, pollInterval: 50, baseDir: api.dir });
  expect(m.summary).toEqual({ total: 2, succeeded: 0, failed: 1, skipped: 1 });
  const [still, clip] = m.tasks;
  expect(still).toMatchObject({ node: "still/a", step: "still", item: "a", status: "failed", outputs: [], files: [] });
  expect(still.error).toBe(
    `task ${still.id} lists 2000 outputs; no Monet model makes more than one, and a pipeline saves at most ${MAX_OUTPUTS} per task (nothing of it was saved or used)`,
  );
  expect(clip.status).toBe("skipped");
  expect(api.seen.filter((r) => route(r).output)).toEqual([]);
  expect(fs.existsSync(path.join(api.out, "still"))).toBe(false);
});

test("8 outputs are all saved, one name each", async () => {
  api = await serve((id) => (id.startsWith("task_image") ? MAX_OUTPUTS : 1));
  const m = await runPipeline(pipeline(["a"]), { client: api.monet, outDir: api.out, pollInterval: 50, baseDir: api.dir });
  expect(m.summary.succeeded).toBe(2);
  expect(m.tasks[0].files).toEqual(["a.png", ...Array.from({ length: MAX_OUTPUTS - 1 }, (_, i) => `a+${i + 2}.png`)].map((f) => path.join("still", f)));
});

test("at most 8 downloads at once, however many tasks finish together", async () => {
  // Each download is held until 9 are open (the bound broken) or a while has passed.
  let open = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  api = await serve(
    () => 1,
    () =>
      new Promise<void>((resolve) => {
        most = Math.max(most, ++open);
        const go = () => {
          const at = waiting.indexOf(go);
          if (at < 0) return;
          waiting.splice(at, 1);
          open--;
          resolve();
        };
        waiting.push(go);
        if (open > 8) for (const w of [...waiting]) w();
        else setTimeout(go, 400);
      }),
  );
  const ids = Array.from({ length: 20 }, (_, i) => `i${i}`);
  const m = await runPipeline(pipeline(ids), { client: api.monet, outDir: api.out, pollInterval: 50, concurrency: 40, baseDir: api.dir });
  expect(m.summary.succeeded).toBe(40);
  expect(most).toBeGreaterThan(1);
  expect(most).toBeLessThanOrEqual(8);
});
