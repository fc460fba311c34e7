// Progress while waiting on a task that does not move: a loopback API holds a task at 10% (on
// its event stream and when polled) until the agent's client has received three more progress
// notifications, then lets it finish. A server that only reports changes never gets there.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Started, startMcp } from "./support.ts";

let api: http.Server;
let mcp: Started;
let released = false;
const holding: (() => void)[] = [];
const task = (status: string, progress: number) => ({
  id: "task_hold",
  status,
  type: "image",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  outputs: [{ model: "flux-2-dev", status, progress, ...(status === "success" ? { url: "https://cdn.example/task_hold/0.png" } : {}) }],
});
const event = (name: string, t: unknown) => `event: ${name}\ndata: ${JSON.stringify({ event: name, task: t })}\n\n`;

beforeAll(async () => {
  api = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/api/v1/tasks/sync") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.write(event("created", task("processing", 10)));
        const finish = () => res.end(event("success", task("success", 100)));
        if (released) finish();
        else holding.push(finish);
        return;
      }
      if (req.method === "GET" && req.url === "/api/v1/tasks/task_hold") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(released ? task("success", 100) : task("processing", 10)));
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "no such route" } }));
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  mcp = await startMcp({ env: { MONET_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` } });
}, 30_000);
afterAll(async () => {
  await mcp?.close();
  await new Promise((r) => api?.close(r));
});

/** Calls the tool; releases the task once three notifications came in while it stood at 10%. */
async function waitThroughStall(name: string, args: Record<string, unknown>) {
  released = false;
  const stalled: { progress: number; message?: string }[] = [];
  const all: number[] = [];
  const result: any = await mcp.client.callTool({ name, arguments: args }, undefined, {
    timeout: 60_000,
    onprogress: (p) => {
      all.push(p.progress);
      if (released || p.progress < 10) return;
      stalled.push(p);
      if (stalled.length === 4) {
        released = true;
        for (const f of holding.splice(0)) f();
      }
    },
  });
  expect(result.structuredContent.status).toBe("success");
  // The first at 10%, then three ticks while nothing changed: rising, below 11, saying it waits.
  expect(stalled.length).toBeGreaterThanOrEqual(4);
  expect(stalled[0].progress).toBe(10);
  for (const p of stalled.slice(1, 4)) {
    expect(p.progress).toBeGreaterThan(10);
    expect(p.progress).toBeLessThan(11);
    expect(p.message).toMatch(/task_hold processing 10%, waiting \(\d+ s\)/);
  }
  for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThan(all[i - 1]);
}

test("create (streamed): a progress notification every second while the task stands still", async () => {
  await waitThroughStall("create_image_task", { input: { model: "flux-2-dev", prompt: "a kite" } });
}, 60_000);

test("wait_for_task (polled every 5 s): a progress notification every second in between", async () => {
  await waitThroughStall("wait_for_task", { taskId: "task_hold" });
}, 60_000);
