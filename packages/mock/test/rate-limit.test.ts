// Issue 23 (mock part): a steady rate limit per key (token bucket), from the command line
// (`monet-mock --rate-limit`) and as a fault over the control API: 429, Retry-After in whole
// seconds, and the spec's Error body. Rates in these tests are per minute, so a slow machine
// cannot refill a token between two requests; the bucket's arithmetic is checked on a fake clock.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";
import { parseRate, TokenBuckets } from "../src/rate-limit.js";
import { json, request } from "./support/raw.js";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/cli.js");
const get = (port: number, key: string) => request(port, "GET", "/api/v1/tasks/list", { authorization: `Bearer ${key}` });

function expect429(r: Awaited<ReturnType<typeof get>>, maxSeconds: number) {
  expect(r.status).toBe(429);
  const seconds = Number(r.headers["retry-after"]);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
  const body = json(r);
  expect(validator("ErrorResponse")(body)).toBe(true);
  expect(body.error.code).toBe("rate_limited");
}

describe("monet-mock --rate-limit (the built CLI)", () => {
  let child: ChildProcess;
  let port: number;
  beforeAll(async () => {
    child = spawn(process.execPath, [cli, "--port", "0", "--quiet", "--rate-limit", "2/min", "--rate-burst", "2"], { stdio: ["ignore", "pipe", "pipe"] });
    port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`monet-mock exited with ${code}`)));
    });
  });
  afterAll(() => void child?.kill("SIGTERM"));

  test("a burst (--rate-burst) passes, the next request gets 429 with Retry-After; other keys are not affected", async () => {
    expect((await get(port, "monet_a")).status).toBe(200);
    expect((await get(port, "monet_a")).status).toBe(200);
    expect429(await get(port, "monet_a"), 30);
    expect((await get(port, "monet_b")).status).toBe(200);
  });

  test("a bad rate is refused with exit code 2, naming the flag", async () => {
    const bad = spawn(process.execPath, [cli, "--port", "0", "--rate-limit", "lots"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    bad.stderr!.on("data", (d) => (err += d));
    const code = await new Promise((r) => bad.once("exit", r));
    expect(code).toBe(2);
    expect(err).toMatch(/--rate-limit/);
    expect(err).toMatch(/20\/s/);
  });
});

describe("the same limit as a fault over the control API", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0 });
  });
  afterAll(() => mock.close());
  const fault = (body: unknown) => request(mock.port, "POST", "/__mock/faults", { "content-type": "application/json" }, JSON.stringify(body));

  test("installed, listed, applied per key, cleared", async () => {
    expect((await fault({ kind: "rate-limit", rate: "1/min", burst: 1 })).status).toBe(200);
    const listed = json(await request(mock.port, "GET", "/__mock/faults", {})).faults;
    expect(listed).toEqual([expect.objectContaining({ kind: "rate-limit", rate: "1/min", burst: 1 })]);
    expect((await get(mock.port, "monet_c")).status).toBe(200);
    expect429(await get(mock.port, "monet_c"), 60);
    expect429(await get(mock.port, "monet_c"), 60);
    expect((await get(mock.port, "monet_d")).status).toBe(200);
    expect((await request(mock.port, "DELETE", "/__mock/faults", {})).status).toBe(200);
    expect((await get(mock.port, "monet_c")).status).toBe(200);
  });

  test("the startup option works the same (rateLimit), and survives a reset of the faults", async () => {
    const m = await startMockServer({ port: 0, rateLimit: { rate: "1/min", burst: 1 } });
    try {
      expect((await get(m.port, "monet_e")).status).toBe(200);
      expect429(await get(m.port, "monet_e"), 60);
      await request(m.port, "POST", "/__mock/reset", { "content-type": "application/json" }, "{}");
      expect429(await get(m.port, "monet_e"), 60);
    } finally {
      await m.close();
    }
  });
});

describe("the token bucket (fake clock)", () => {
  test("20/s: a burst of 20, then one request every 50 ms; Retry-After rounds up to whole seconds", () => {
    const rate = parseRate("20/s");
    // The default burst is one second's worth of requests (at least 1).
    expect(rate).toMatchObject({ perSecond: 20, burst: 20 });
    expect(parseRate("2/min").burst).toBe(1);
    expect(parseRate("20/s", 5).burst).toBe(5);
    const b = new TokenBuckets(rate);
    for (let i = 0; i < 20; i++) expect(b.take("k", 0)).toBe(0);
    expect(b.take("k", 0)).toBeCloseTo(50);
    expect(b.take("k", 49)).toBeCloseTo(1);
    expect(b.take("k", 50)).toBe(0);
    expect(b.take("k", 60)).toBeCloseTo(40);
    // A long pause refills to the burst, never beyond.
    for (let i = 0; i < 20; i++) expect(b.take("k", 60_000)).toBe(0);
    expect(b.take("k", 60_000)).toBeGreaterThan(0);
  });

  test.each([
    ["20/s", 20],
    ["600/min", 10],
    ["3600/h", 1],
    ["0.5/s", 0.5],
    [5, 5],
  ])("%s is %d per second", (text, perSecond) => {
    expect(parseRate(text as string).perSecond).toBeCloseTo(perSecond);
  });

  test.each(["", "20", "20/day", "-1/s", "0/s", "x/s", "1e400/s"])("%j is refused, with an example", (text) => {
    expect(() => parseRate(text)).toThrow(/20\/s/);
  });
});
