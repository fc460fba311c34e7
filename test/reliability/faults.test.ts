// Seeded random fault schedules between the client and the stateful mock: every create ends in
// exactly one task or a clear error, never two; wait and stream end in the task's true state.
import util from "node:util";
import { Monet, MonetError } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Fault, type FaultProxy, seeded, startFaultProxy } from "../support/fault-proxy.ts";
import { record } from "./summary.ts";

const KEY = "monet_reliability_SECRET_7731";
const SCHEDULES = 320;
const FAULTS: Fault[] = ["reset-before", "reset-after", "429-retry-after", "500", "502", "503", "truncate", "delay", "cut-stream", "slow-upload"];
const WORKERS = 8;
let mock: MockServer;
let proxies: FaultProxy[];
const tally = { suite: "faults (seeded schedules)", cases: 0, tasksCreated: 0, tasksExpected: 0, secretsLeaked: 0 };

beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 120, logger: (l) => mockLog.push(l) });
  // One proxy per worker, so each schedule's faults hit its own requests only.
  proxies = await Promise.all(Array.from({ length: WORKERS }, () => startFaultProxy(mock.url, { delayMs: 400 })));
});
afterAll(async () => {
  await Promise.all(proxies?.map((p) => p.close()) ?? []);
  await mock?.close();
  record(tally);
});
const mockLog: string[] = [];
const leaked = (x: unknown) => [String(x), JSON.stringify(x) ?? "", util.inspect(x, { depth: 8 }), (x as Error)?.stack ?? ""].some((s) => s.includes(KEY));

/** Tasks on the server whose request carried this prompt (the client picks the idempotency keys). */
const tasksWithPrompt = (prompt: string) => mock.state.tasks.all().filter((t) => t.request.includes(JSON.stringify(prompt)));

test(`${SCHEDULES} seeded schedules: one task or a clear error, never two; the true final state`, async () => {
  const logs: string[] = [];
  const failures: string[] = [];
  async function runSchedule(seed: number, proxy: FaultProxy, monet: Monet) {
    const rand = seeded(seed);
    // The first few requests of the call hit faults, then the network heals.
    const plan = Array.from({ length: Math.floor(rand() * 4) }, () => FAULTS[Math.floor(rand() * FAULTS.length)]);
    proxy.setSchedule((_req, n) => plan[n] ?? "pass");
    const op = (["create", "run", "stream", "upload"] as const)[seed % 4];
    const prompt = `schedule ${seed}`;
    const params = { type: "image", input: { model: "flux-2-dev", prompt } } as const;
    let result: { id: string; status?: string } | undefined;
    let error: unknown;
    if (op === "upload") {
      // An upload is not idempotent: it must end stored whole, or in a clear error.
      const bytes = new Uint8Array(300_000).map((_, i) => (i * seed) % 251);
      tally.cases++;
      try {
        const f = await monet.files.upload(new Blob([bytes]), { filename: `u${seed}.bin` });
        const back = new Uint8Array(await (await fetch(f.url)).arrayBuffer());
        if (back.length !== bytes.length || back.some((b, i) => b !== bytes[i])) failures.push(`seed ${seed} (upload, ${plan.join(",")}): stored bytes differ`);
      } catch (e) {
        if (!(e instanceof MonetError)) failures.push(`seed ${seed} (upload): unclear error ${String(e)}`);
        if (leaked(e)) tally.secretsLeaked++;
      }
      return;
    }
    try {
      if (op === "create") result = await monet.tasks.create(params);
      else if (op === "run") result = await monet.tasks.run(params, { pollInterval: 30 });
      else for await (const e of monet.tasks.stream(params, { pollInterval: 30, idleTimeout: 300 })) result = e.task;
    } catch (e) {
      error = e;
    }
    const server = tasksWithPrompt(prompt);
    tally.cases++;
    tally.tasksCreated += server.length;
    tally.tasksExpected += result ? 1 : Math.min(1, server.length); // a failed call may still have created its task
    const where = `seed ${seed} (${op}, faults ${plan.join(",") || "none"})`;
    if (server.length > 1) failures.push(`${where}: ${server.length} tasks`);
    if (result && result.id !== server[0]?.id) failures.push(`${where}: returned ${result.id}, server has ${server[0]?.id}`);
    if (result && op !== "create") {
      const truth = mock.state.tasks.view(server[0], mock.url);
      if (result.status !== truth.status) failures.push(`${where}: ended ${result.status}, server says ${truth.status}`);
    }
    if (error && !(error instanceof MonetError)) failures.push(`${where}: unclear error ${String(error)}`);
    if (error && leaked(error)) tally.secretsLeaked++;
  }
  await Promise.all(
    proxies.map(async (proxy, w) => {
      const monet = new Monet({ apiKey: KEY, baseUrl: proxy.url, maxRetries: 3, timeout: 250, logLevel: "debug", logger: { debug: (m) => logs.push(m) } });
      for (let seed = w + 1; seed <= SCHEDULES; seed += WORKERS) await runSchedule(seed, proxy, monet);
    }),
  );
  if (logs.some((l) => l.includes(KEY)) || mockLog.some((l) => l.includes(KEY))) tally.secretsLeaked++;
  expect(failures).toEqual([]);
  expect(tally.secretsLeaked).toBe(0);
  // The schedules really exercised faults and retries.
  const faulted = proxies.flatMap((p) => p.log).filter((l) => l.fault !== "pass").length;
  expect(faulted).toBeGreaterThan(SCHEDULES / 2);
  expect(logs.filter((l) => l.includes("retrying")).length).toBeGreaterThan(SCHEDULES / 4);
}, 180_000);
