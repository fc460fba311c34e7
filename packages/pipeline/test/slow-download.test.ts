// s15 audit finding 7: an output host sending 17 KiB a second passed the client's stall guard
// (16 KiB a minute) and held the run for the 35 hours a 2 GiB output takes at that rate. Now each
// window must bring `minDownloadRate` bytes a second on average: a slower download fails that save,
// naming the host and the option, its temporary file removed, and the run ends.
import fs from "node:fs";
import path from "node:path";
import { saveOutput } from "@monet-ai/client/node";
import { afterEach, expect, test } from "vitest";
import { type Download, type RunOptions, runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task, within } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

// A backstop, not a timing: a hung run fails here instead of at vitest's timeout.
const BACKSTOP_MS = 30_000;

const pipeline = {
  name: "slow",
  items: [{ id: "a" }],
  steps: { still: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.id }}" } } },
};

const timers = new Set<NodeJS.Timeout>();
afterEach(() => {
  for (const t of timers) clearInterval(t);
  timers.clear();
});

/** An API whose one task succeeds with an output that comes at `trickle` (1 KiB every 20 ms, for ever), or at once. */
const startApi = (trickle = true) =>
  startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.output) {
      res.writeHead(200, { "content-type": "image/png" });
      if (!trickle) return res.end(PNG);
      // 1 KiB every 20 ms for ever: far under the 1 MiB/s asked below, far over the stall guard's 16 KiB a minute.
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

const slowRun = (o: Partial<RunOptions> = {}) =>
  within(
    runPipeline(pipeline, {
      client: api.monet,
      outDir: api.out,
      pollInterval: 20,
      baseDir: api.dir,
      minDownloadRate: 1024 * 1024,
      downloadRateWindow: 300,
      ...o,
    }),
    BACKSTOP_MS,
    "the run",
  );

/** The error the user reads for the slow host of `api`. */
const slowError = () =>
  new RegExp(
    `^the task succeeded but its output could not be saved: gave up on the download from ${new URL(api.url).host.replace(/\./g, "\\.")}: \\d+ KiB arrived in 0\\.3 s, under the minimum of 1\\.0 MiB/s; for a slow host, lower minDownloadRate \\(--min-download-rate, in bytes a second; 0 leaves only the stall rule of 16 KiB each 60 s\\)$`,
  );

test("a download slower than the minimum rate fails its save, naming the host and the option; no .part file stays", async () => {
  api = await startApi();
  const m = await slowRun();
  expect(m.summary).toMatchObject({ total: 1, succeeded: 0, failed: 1 });
  expect(m.tasks[0].error).toMatch(slowError());
  expect(fs.readdirSync(path.join(api.out, "still"))).toEqual([]);
});

// One guard: the rate reaches the download as the client's stall rule, so a download of the
// caller's own that fetches with its own fetch is bounded too once it passes them on (the counting
// fetch wrapped around the default's saw none of its bytes, and the run hung).
test("a caller's download gets the window and the rate as stallTimeout and stallMinBytes, and is bounded by passing them on", async () => {
  api = await startApi();
  const seen: object[] = [];
  const download: Download = (url, o) => {
    seen.push({ stallTimeout: o.stallTimeout, stallMinBytes: o.stallMinBytes });
    return saveOutput(url, { ...o, fetch: (input, init) => fetch(input, init) });
  };
  const m = await slowRun({ download });
  expect(seen).toEqual([{ stallTimeout: 300, stallMinBytes: Math.ceil(1024 * 1024 * 0.3) }]);
  expect(m.tasks[0].error).toMatch(slowError());
  expect(fs.readdirSync(path.join(api.out, "still"))).toEqual([]);
});

test("minDownloadRate 0 passes no stall rule: the client's own (16 KiB a minute) is the only one", async () => {
  api = await startApi(false);
  const seen: object[] = [];
  const download: Download = (url, o) => {
    seen.push({ stallTimeout: o.stallTimeout, stallMinBytes: o.stallMinBytes });
    return saveOutput(url, o);
  };
  const m = await slowRun({ download, minDownloadRate: 0 });
  expect(m.summary).toMatchObject({ total: 1, succeeded: 1 });
  expect(seen).toEqual([{ stallTimeout: undefined, stallMinBytes: undefined }]);
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
