// A server that answers every request 429 ends the run (stopped, reason connection: the CLI's
// exit 6) within rateLimitedWait, at any concurrency: it stopped only after 100 429s on one call,
// and every call shares one limiter that drops to 0.5 requests/s, so at concurrency 40 a run kept
// going for hours; a long Retry-After paused the whole run each time, 100 times over.
import { afterEach, expect, test } from "vitest";
import { PipelineStoppedError, RATE_LIMITED_WAIT_MS, runPipeline } from "../src/index.js";
import { type HostileApi, startHostileApi, within } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i}` }));
const def = (n: number) => ({
  name: "limited",
  items: items(n),
  steps: { s: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "p ${{ item.id }}" } } },
});

/** Every request refused as rate limited, asking to wait `headers`. */
const refuseAll = (headers: Record<string, string>) =>
  startHostileApi((_req, res) =>
    res.writeHead(429, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } })),
  );

const stopped = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("the run ended without stopping");
    },
    (e: unknown) => e as PipelineStoppedError,
  );

test("only 429s, 40 items at concurrency 40: the run stops within rateLimitedWait, reason connection, naming the limit", async () => {
  api = await refuseAll({ "retry-after-ms": "50" });
  const e = await within(
    stopped(runPipeline(def(40), { client: api.monet, outDir: api.out, concurrency: 40, pollInterval: 50, rateLimitedWait: 1500 })),
    // The budget for this step: the limit, then the stop (an unbounded run never gets here).
    20_000,
    "a run against a server answering only 429",
  );
  expect(e).toBeInstanceOf(PipelineStoppedError);
  expect(e.reason).toBe("connection");
  expect(e.message).toContain("past the run's limit of 1.5 s (rateLimitedWait)");
  expect(e.summary.succeeded).toBe(0);
});

test("a 429 asking for a pause past the limit stops the run at once, without waiting it out", async () => {
  api = await refuseAll({ "retry-after": "600" });
  const e = await within(
    stopped(runPipeline(def(3), { client: api.monet, outDir: api.out, pollInterval: 50, rateLimitedWait: 60_000 })),
    20_000,
    "a run asked to wait 600 s",
  );
  expect(e.reason).toBe("connection");
  expect(e.message).toContain("the last asking to wait 600 s");
  // Only the first request went out: the pause was not waited for, nor a second one sent.
  expect(api.seen.length).toBe(1);
});

test("the default is the longest pause a run honours, 10 minutes", () => {
  expect(RATE_LIMITED_WAIT_MS).toBe(600_000);
});
