// Client overhead: the same create + get workload against one fast local server, for raw fetch
// (the limit), @monet-ai/client and the peers' nearest equivalent calls.
import { fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median, percentile } from "../lib/report.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

async function startServer() {
  const child = fork(path.join(here, "../lib/echo-server.mjs"), { stdio: "ignore" });
  const port = await new Promise((resolve) => child.once("message", (m) => resolve(m.port)));
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}

/**
 * Each SDK's create + get against `url`, made with `fetchImpl` (the CPU suite passes one that
 * answers at once; default: Node's).
 */
export function workloads(url, fetchImpl) {
  const doFetch = fetchImpl ?? fetch;
  // Given to each SDK only when set, so the loopback rows run exactly as each SDK does by default.
  const withFetch = fetchImpl ? { fetch: fetchImpl } : {};
  const input = { model: "flux-2-dev", prompt: "a cat" };
  // The bytes the client sends in Node: these headers (no cache mode, so no Pragma / Cache-Control).
  const getHeaders = { accept: "application/json", authorization: "Bearer monet_x" };
  const headers = { ...getHeaders, "content-type": "application/json" };
  return [
    {
      name: "raw fetch",
      async setup() {
        return {
          create: async () =>
            (
              await doFetch(`${url}/api/v1/tasks/async`, {
                method: "POST",
                headers,
                body: JSON.stringify({ type: "image", input, idempotency_key: crypto.randomUUID() }),
              })
            ).json(),
          get: async () => (await doFetch(`${url}/api/v1/tasks/task_abc123`, { headers: getHeaders })).json(),
        };
      },
    },
    {
      // What any client with a per-attempt timeout pays: the same calls with an AbortSignal and a timer each.
      name: "raw fetch + timeout",
      async setup() {
        const timed = async (target, init) => {
          const ctrl = new AbortController();
          const timer = setTimeout(() => ctrl.abort(), 60_000);
          try {
            return await (await doFetch(target, { ...init, signal: ctrl.signal })).json();
          } finally {
            clearTimeout(timer);
          }
        };
        return {
          create: () =>
            timed(`${url}/api/v1/tasks/async`, {
              method: "POST",
              headers,
              body: JSON.stringify({ type: "image", input, idempotency_key: crypto.randomUUID() }),
            }),
          get: () => timed(`${url}/api/v1/tasks/task_abc123`, { headers: getHeaders }),
        };
      },
    },
    {
      // The floor of the best peer's own exchange (its routes, request and response bodies differ
      // from ours): replicate's overhead is its time above this row, ours above "raw fetch".
      name: "raw fetch, replicate's calls",
      async setup() {
        // The same bytes replicate sends: its headers and its body.
        const headers = { "content-type": "application/json", "user-agent": "replicate-javascript/1.4.0", authorization: "Bearer r8_x" };
        return {
          create: async () =>
            (await doFetch(`${url}/v1/predictions`, { method: "POST", headers, body: JSON.stringify({ input: { prompt: "a cat" }, version: "v" }) })).json(),
          get: async () => (await doFetch(`${url}/v1/predictions/p1`, { headers })).json(),
        };
      },
    },
    {
      name: "@monet-ai/client",
      async setup() {
        const { Monet } = await import("@monet-ai/client");
        const monet = new Monet({ apiKey: "monet_x", baseUrl: url, ...withFetch });
        return { create: () => monet.tasks.create({ type: "image", input }), get: () => monet.tasks.get("task_abc123") };
      },
    },
    {
      // Configured as replicate is (no per-attempt time limit): the like-for-like row.
      name: "@monet-ai/client, timeout: Infinity",
      async setup() {
        const { Monet } = await import("@monet-ai/client");
        const monet = new Monet({ apiKey: "monet_x", baseUrl: url, timeout: Number.POSITIVE_INFINITY, ...withFetch });
        return { create: () => monet.tasks.create({ type: "image", input }), get: () => monet.tasks.get("task_abc123") };
      },
    },
    {
      name: "replicate",
      async setup() {
        const { default: Replicate } = await import("replicate");
        const r = new Replicate({ auth: "r8_x", baseUrl: `${url}/v1`, ...withFetch });
        return { create: () => r.predictions.create({ version: "v", input: { prompt: "a cat" } }), get: () => r.predictions.get("p1") };
      },
    },
    {
      name: "openai",
      async setup() {
        const { default: OpenAI } = await import("openai");
        const o = new OpenAI({ apiKey: "sk-x", baseURL: `${url}/v1`, maxRetries: 0, ...withFetch });
        return { create: () => o.images.generate({ prompt: "a cat" }), get: () => o.models.retrieve("dall-e-3") };
      },
    },
    {
      name: "@fal-ai/client",
      async setup() {
        const { createFalClient } = await import("@fal-ai/client");
        // fal applies its proxyUrl only in browsers; a request middleware points it at the server.
        const fal = createFalClient({
          credentials: "k",
          requestMiddleware: async (req) => ({ ...req, url: req.url.replace(/^https:\/\/[^/]+/, url) }),
        });
        return {
          create: () => fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "a cat" } }),
          get: () => fal.queue.status("fal-ai/flux/dev", { requestId: "r1" }),
        };
      },
    },
  ];
}

export async function run({ quick }) {
  const server = await startServer();
  const rounds = quick ? 2 : Number(process.env.BENCH_ROUNDS ?? 20);
  const perRound = quick ? 10 : 100;
  const warmup = quick ? 5 : 300;
  const ready = [];
  const rows = [];
  try {
    // The server's own JIT warms over its first tens of thousands of requests; until then every
    // client's figure moves with it.
    for (let i = 0; i < (quick ? 10 : 20_000); i++) await (await fetch(`${server.url}/api/v1/tasks/task_abc123`)).arrayBuffer();
    for (const w of workloads(server.url)) {
      try {
        const calls = await w.setup();
        for (let i = 0; i < warmup; i++) {
          await calls.create();
          await calls.get();
        }
        ready.push({ name: w.name, calls, create: [], get: [], rounds: [] });
      } catch (e) {
        rows.push({ name: w.name, note: String(e.message).split("\n")[0] });
      }
    }
    // Rounds interleave the clients so that JIT warm-up and machine drift hit them all alike.
    for (let r = 0; r < rounds; r++)
      for (const c of ready) {
        const round = [];
        for (let i = 0; i < perRound; i++) {
          let t = performance.now();
          await c.calls.create();
          round.push((performance.now() - t) * 1000);
          c.create.push(round.at(-1));
          t = performance.now();
          await c.calls.get();
          round.push((performance.now() - t) * 1000);
          c.get.push(round.at(-1));
        }
        c.rounds.push(median(round));
      }
  } finally {
    server.close();
  }
  for (const c of ready) {
    const all = [...c.create, ...c.get];
    rows.push({
      name: c.name,
      "create median (µs)": median(c.create),
      "get median (µs)": median(c.get),
      "per-call median (µs)": median(all),
      "per-call p99 (µs)": percentile(all, 99),
    });
  }
  const order = workloads("").map((w) => w.name);
  rows.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  // An SDK's overhead is its time above the raw exchange it makes: replicate's routes and bodies
  // are smaller than ours (its raw exchange is 0.88x to 0.99x of ours), so each is set against its
  // own floor. openai and fal make other exchanges again, with no floor row of their own.
  const FLOOR = { "@monet-ai/client": "raw fetch", "@monet-ai/client, timeout: Infinity": "raw fetch", replicate: "raw fetch, replicate's calls" };
  const perCall = (name) => rows.find((r) => r.name === name)?.["per-call median (µs)"];
  // The same ratio paired by round (each round's median against its floor's in that round), so
  // that drift of the machine between rounds cancels: the median and the middle half of 20 ratios.
  const roundsOf = (name) => ready.find((c) => c.name === name)?.rounds;
  for (const [name, floor] of Object.entries(FLOOR)) {
    const row = rows.find((r) => r.name === name);
    if (row && perCall(name) && perCall(floor)) row["vs own floor"] = `${(perCall(name) / perCall(floor)).toFixed(2)}x`;
    const [mine, base] = [roundsOf(name), roundsOf(floor)];
    if (row && mine && base) {
      const ratios = mine.map((m, i) => m / base[i]);
      row["per round vs own floor"] = `${median(ratios).toFixed(2)}x (${percentile(ratios, 25).toFixed(2)}-${percentile(ratios, 75).toFixed(2)})`;
    }
  }
  return {
    title: "Client overhead (create + get against one local server)",
    how: `${rounds} rounds of ${perRound} sequential create+get pairs per client, clients interleaved by round, after ${warmup} warm-up pairs each; keep-alive; server in its own process; ratio of per-call medians against raw fetch.`,
    target:
      "@monet-ai/client at or below the best peer in the same run, each against the raw exchange it makes (vs own floor); like for like: the client without a time limit, as replicate sets none",
    baseline: "raw fetch",
    key: "per-call median (µs)",
    columns: [
      "name",
      "create median (µs)",
      "get median (µs)",
      "per-call median (µs)",
      "per-call p99 (µs)",
      "ratio",
      "vs own floor",
      "per round vs own floor",
      "note",
    ],
    rows,
  };
}
