// A wait that times out while its polls fail says why: the last failed poll is the timeout's
// cause. It said only that time ran out, and an outage of the API read as a slow task.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { InternalServerError, Monet, WaitTimeoutError } from "../src/index.js";

const task = { id: "task_w1", status: "pending", type: "image", outputs: [], created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" };
let failing: Hostile;
let slow: Hostile;

beforeAll(async () => {
  failing = await startHostile((_req, res) => json(res, 502, { error: { code: "bad_gateway", message: "upstream down" } }));
  slow = await startHostile((_req, res) => json(res, 200, task));
});
afterAll(async () => {
  await failing.close();
  await slow.close();
});

test("a timeout while every poll fails has the last poll's error as its cause", async () => {
  // The backoff after a failed poll is random (up to 0.5 s after the first): a fixed delay, and a
  // bound that holds several polls however slow the machine, so that polls fail more than once.
  const monet = new Monet({ apiKey: "monet_k", baseUrl: failing.url, maxRetries: 0, retry: { delay: () => 0 } });
  const e = await monet.tasks.wait("task_w1", { pollInterval: 50, waitTimeout: 1500 }).catch((x) => x);
  expect(e).toBeInstanceOf(WaitTimeoutError);
  expect(e.taskId).toBe("task_w1");
  expect(e.cause).toBeInstanceOf(InternalServerError);
  expect(e.cause).toMatchObject({ status: 502, message: "upstream down" });
  expect(failing.seen.length).toBeGreaterThan(1);
});

test("a timeout of a task that is only slow has no cause", async () => {
  const monet = new Monet({ apiKey: "monet_k", baseUrl: slow.url });
  const e = await monet.tasks.wait("task_w1", { pollInterval: 50, waitTimeout: 300 }).catch((x) => x);
  expect(e).toBeInstanceOf(WaitTimeoutError);
  expect(e.cause).toBeUndefined();
});
