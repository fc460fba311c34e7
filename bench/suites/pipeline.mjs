// Pipelines against a naive baseline on the same mock behind the same steady rate limit:
// `Promise.all` over `monet.tasks.run` with the same concurrency vs `runPipeline`. Wall time,
// requests per finished task (create included), share of requests answered 429, and the share
// of the rate limit used: requests the proxy let through (sent minus those answered 429) over
// limit x wall time, wall time running until the last output is saved and the manifest written.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startForked } from "../lib/servers.mjs";

/**
 * A loopback token bucket in front of the mock: `perSecond` steady, 429 + Retry-After past it
 * (`exact`: also Retry-After-Ms, the wait until the next token, as `monet-mock --rate-limit` sends).
 */
async function limitingProxy(target, perSecond, exact = false) {
  let tokens = perSecond;
  let last = Date.now();
  const stats = { requests: 0, limited: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const now = Date.now();
    tokens = Math.min(perSecond, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    stats.requests++;
    if (tokens < 1) {
      stats.limited++;
      req.resume();
      const waitMs = ((1 - tokens) * 1000) / perSecond;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1", ...(exact && { "retry-after-ms": String(Math.ceil(waitMs)) }) });
      return res.end('{"error":{"code":"rate_limited","message":"Too many requests."}}');
    }
    tokens -= 1;
    const up = http.request(new URL(req.url, target), { method: req.method, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const close = () => {
    server.closeAllConnections();
    server.close();
    agent.destroy();
  };
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close };
}

export async function run({ quick }) {
  const { Monet } = await import("@monet-ai/client");
  const { runPipeline } = await import("@monet-ai/pipeline");
  const tasks = quick ? 20 : 500;
  const taskDuration = quick ? 300 : 3000;
  const limit = 20;
  // Enough tasks in flight to use the whole limit: limit x task time, plus the poll wait.
  const concurrency = quick ? 10 : 100;
  const pollInterval = quick ? 200 : 5000;
  const input = { type: "image", input: { model: "flux-2-dev", prompt: "a product photo" } };
  const rows = [];

  const measure = async (name, go, exact = false) => {
    const mock = await startForked("mock-process.mjs", [String(taskDuration)]);
    const proxy = await limitingProxy(mock.url, limit, exact);
    try {
      const monet = new Monet({ apiKey: "monet_bench", baseUrl: proxy.url });
      const t0 = performance.now();
      const finished = await go(monet);
      const wall = (performance.now() - t0) / 1000;
      const accepted = proxy.stats.requests - proxy.stats.limited;
      rows.push({
        name,
        "wall (s)": wall,
        "requests/task": proxy.stats.requests / finished,
        "429 share (%)": (100 * proxy.stats.limited) / proxy.stats.requests,
        "limit used (%)": (100 * accepted) / wall / limit,
      });
    } finally {
      proxy.close();
      mock.close();
    }
  };

  await measure("Promise.all over tasks.run (baseline)", async (monet) => {
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < tasks) {
        const key = `baseline-${next++}`;
        // The client retries a 429 on its own (after Retry-After); past its retries, try again, same key.
        for (;;) {
          try {
            await monet.tasks.run({ ...input, idempotency_key: key }, { pollInterval });
            break;
          } catch (e) {
            if (e.name !== "RateLimitError") throw e;
          }
        }
        done++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return done;
  });

  for (const [name, rateLimit, exact] of [
    ["runPipeline (rate learned from 429s)", undefined],
    // The mock's own limit answers the exact wait (milliseconds): pauses too short to slow the run, so the rate alone must.
    ["runPipeline (rate learned, Retry-After-Ms)", undefined, true],
    ["runPipeline --rate-limit 20", limit],
  ]) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "monet-bench-pipeline-"));
    try {
      await measure(
        name,
        async (monet) => {
          const m = await runPipeline(
            {
              name: "bench",
              items: Array.from({ length: tasks }, (_, i) => ({ id: `p${i}` })),
              steps: { still: { foreach: "items", type: "image", input: input.input } },
            },
            { client: monet, outDir: out, concurrency, pollInterval, rateLimit },
          );
          return m.summary.succeeded;
        },
        exact,
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }

  // Resuming a finished folder (every task reused, every file kept: nothing to do) must cost the
  // same per item at any size; it read the step folder once per item (100 s for 10,000 items).
  // The folder is made by a first run straight against the mock (not measured).
  for (const n of quick ? [100, 500] : [1000, 5000]) {
    const mock = await startForked("mock-process.mjs", ["100"]);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "monet-bench-rerun-"));
    try {
      const monet = new Monet({ apiKey: "monet_bench", baseUrl: mock.url });
      const def = {
        name: "rerun",
        concurrency: 500,
        items: Array.from({ length: n }, (_, i) => ({ id: `p${i}` })),
        steps: { still: { foreach: "items", type: "image", input: input.input } },
      };
      await runPipeline(def, { client: monet, outDir: out, pollInterval: 200, rateLimit: 2000 });
      const t0 = performance.now();
      const m = await runPipeline(def, { client: monet, outDir: out, pollInterval: 200 });
      const wall = (performance.now() - t0) / 1000;
      if (m.summary.succeeded !== n || m.requests.total !== 0)
        throw new Error(`the rerun of ${n} items did something: ${JSON.stringify(m.summary)}, ${m.requests.total} requests`);
      rows.push({ name: `rerun of a finished folder, ${n} items (nothing to do)`, "rerun (s)": wall, "rerun ms/item": (1000 * wall) / n });
    } finally {
      mock.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  }

  return {
    title: `Pipelines: ${tasks} tasks of ${taskDuration / 1000} s, concurrency ${concurrency}, limit ${limit} req/s`,
    how: `Same mock (own process) behind the same token-bucket proxy (${limit}/s, 429 + Retry-After: 1; the Retry-After-Ms row also sends the exact wait, as the mock's --rate-limit does), polling every ${pollInterval / 1000} s in both (the pipeline's early list rounds come sooner while it has credit, at most 0.4 list page per task); requests counted at the proxy (downloads of the pipeline go to the mock directly and are not counted); limit used = (requests - 429s) / (limit x wall), so 429s do not count as used; goals: requests/task <= 1.5, 429 share < 2%, limit used >= 90%. Ratio of wall time against the baseline. The rerun rows: a folder a first run finished (straight against a mock of 100 ms tasks) run again with nothing to do; ms per item should not grow with the item count.`,
    baseline: "Promise.all over tasks.run (baseline)",
    key: "wall (s)",
    columns: ["name", "wall (s)", "requests/task", "429 share (%)", "limit used (%)", "ratio", "rerun (s)", "rerun ms/item"],
    rows,
  };
}
