// Mock throughput: requests/s and p99 of the stateful mock and of Prism on the same operations,
// next to a bare node:http server answering canned bodies (the limit).
import autocannon from "autocannon";
import { startForked, startPrism } from "../lib/servers.mjs";

const headers = { authorization: "Bearer monet_bench", "content-type": "application/json" };
const body = () => JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: crypto.randomUUID() });

async function load(url, op, seconds) {
  const r = await autocannon({
    url,
    connections: 16,
    duration: seconds,
    requests:
      op === "create"
        ? [{ method: "POST", path: "/api/v1/tasks/async", headers, setupRequest: (req) => ({ ...req, body: body() }) }]
        : [{ method: "GET", path: op.path, headers }],
  });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function taskPath(url) {
  const res = await fetch(`${url}/api/v1/tasks/async`, { method: "POST", headers, body: body() });
  const t = await res.json();
  return `/api/v1/tasks/${t.id ?? "task_abc123"}`;
}

export async function run({ quick }) {
  const seconds = quick ? 1 : 5;
  const servers = [
    ["bare node:http", () => startForked("echo-server.mjs")],
    ["@monet-ai/mock", () => startForked("mock-process.mjs")],
    ["Prism", () => startPrism()],
  ];
  const rows = [];
  for (const [name, start] of servers) {
    let s;
    try {
      s = await start();
      const get = { path: await taskPath(s.url) };
      await load(s.url, get, 1); // warm-up
      for (const [opName, op] of [
        ["get task", get],
        ["create task", "create"],
      ]) {
        const r = await load(s.url, op, seconds);
        rows.push({ name: `${name}: ${opName}`, server: name, op: opName, "req/s": Math.round(r.rps), "p99 (ms)": r.p99, "non-2xx": r.non2xx + r.errors });
      }
    } catch (e) {
      rows.push({ name: `${name}`, note: String(e.message).split("\n")[0] });
    } finally {
      s?.close();
    }
  }
  // Each row against the bare server's figure for the same operation.
  for (const r of rows) {
    const base = rows.find((b) => b.server === "bare node:http" && b.op === r.op);
    r["vs bare"] = base && r["req/s"] ? `${(r["req/s"] / base["req/s"]).toFixed(2)}x` : "n/a";
  }
  return {
    title: "Mock servers: throughput and latency",
    how: `autocannon, 16 connections, ${seconds} s per row after a 1 s warm-up, each server in its own process on loopback (2 cores shared with the load generator); "vs bare" is req/s against the bare node:http server on the same operation (higher is better).`,
    target: "@monet-ai/mock >= 0.80x bare node:http",
    columns: ["name", "req/s", "p99 (ms)", "non-2xx", "vs bare", "note"],
    rows,
  };
}
