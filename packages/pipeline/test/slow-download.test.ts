// s15 audit finding 7: an output host sending 17 KiB a second passed the client's stall guard
// (16 KiB a minute) and held the run for the 35 hours a 2 GiB output takes at that rate. Now each
// window must bring `minDownloadRate` bytes a second on average: a slower download fails that save,
// naming the host and the option, its temporary file removed, and the run ends.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, route, startHostileApi, task, within } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

// A backstop, not a timing: a hung run fails here instead of at vitest's timeout.
const BACKSTOP_MS = 30_000;

const pipeline = {
  name: "slow",
  items: [{ id: "a" }],
  steps: { still: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.id }}" } } },
};

test("a download slower than the minimum rate fails its save, naming the host and the option; no .part file stays", async () => {
  const timers = new Set<NodeJS.Timeout>();
  api = await startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.output) {
      // 1 KiB every 20 ms for ever: far under the 1 MiB/s asked below, far over the stall guard's 16 KiB a minute.
      res.writeHead(200, { "content-type": "image/png" });
      const t = setInterval(() => res.write(Buffer.alloc(1024)), 20);
      timers.add(t);
      res.on("close", () => clearInterval(t));
      return;
    }
    if (r.create) return json(res, task("task_1", "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get) return json(res, task(r.get, "success", [`${a.url}/o/slow.png`]));
    json(res, { error: { message: "not found" } }, 404);
  });
  try {
    const m = await within(
      runPipeline(pipeline, {
        client: api.monet,
        outDir: api.out,
        pollInterval: 20,
        baseDir: api.dir,
        minDownloadRate: 1024 * 1024,
        downloadRateWindow: 300,
      }),
      BACKSTOP_MS,
      "the run",
    );
    expect(m.summary).toMatchObject({ total: 1, succeeded: 0, failed: 1 });
    const host = new URL(api.url).host;
    expect(m.tasks[0].error).toMatch(
      new RegExp(
        `^the task succeeded but its output could not be saved: gave up on the download from ${host.replace(/\./g, "\\.")}: \\d+ KiB arrived in 0\\.3 s, under the minimum of 1\\.0 MiB/s; for a slow host, lower minDownloadRate \\(--min-download-rate, in bytes a second; 0 for none\\)$`,
      ),
    );
    expect(fs.readdirSync(path.join(api.out, "still"))).toEqual([]);
  } finally {
    for (const t of timers) clearInterval(t);
  }
});

test("minDownloadRate, downloadRateWindow and maxBytes are checked before any request", async () => {
  api = await startHostileApi((_req, res) => json(res, { error: { message: "not found" } }, 404));
  const run = (o: object) => runPipeline(pipeline, { client: api.monet, outDir: api.out, baseDir: api.dir, ...o });
  await expect(run({ minDownloadRate: -1 })).rejects.toThrow(/minDownloadRate/);
  await expect(run({ minDownloadRate: Number.NaN })).rejects.toThrow(/minDownloadRate/);
  await expect(run({ downloadRateWindow: 0 })).rejects.toThrow(/downloadRateWindow/);
  await expect(run({ maxBytes: 1.5 })).rejects.toThrow(/maxBytes/);
  expect(api.seen).toEqual([]);
});
