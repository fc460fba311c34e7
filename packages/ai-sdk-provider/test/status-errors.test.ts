// A status read that fails (the API down past the client's retries, the outputs not fetched) in
// the poll flow: the AI SDK throws doStatus's error as it is and drops the operation, so the error
// itself must name the tasks, as doGenerate's do, or the caller loses tasks that go on and are billed.
import { APICallError } from "@ai-sdk/provider";
import { experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { createMonet } from "../src/index.js";
import { KEY } from "./helpers.js";

let server: Hostile;
let created = 0;
beforeAll(async () => {
  server = await startHostile((req, res) => {
    if (req.method === "POST") {
      created++;
      return json(res, 200, { id: `task_poll_${created}`, type: "video", status: "pending", created_at: "2026-01-01T00:00:00Z" });
    }
    json(res, 503, { error: { code: "unavailable", message: "down for maintenance" } });
  });
});
afterAll(() => server?.close());

test.each([1, 2])("generateVideo with poll, n = %i, the API down while polling: the APICallError names every task and how to check them", async (n) => {
  const before = created;
  const e = (await generateVideo({
    model: createMonet({ apiKey: KEY, baseURL: server.url, maxRetries: 0 }).video("sora-2"),
    prompt: "x",
    n,
    poll: { intervalMs: 20, timeoutMs: 60_000 },
    maxRetries: 0,
  }).catch((e: unknown) => e)) as APICallError & { taskId?: string; taskIds?: string[] };
  const ids = Array.from({ length: n }, (_, i) => `task_poll_${before + i + 1}`);
  expect(APICallError.isInstance(e), String(e)).toBe(true);
  expect(e.statusCode).toBe(503);
  expect(e.taskIds).toEqual(ids);
  expect(e.taskId).toBe(ids[0]);
  expect(e.message).toContain(`The operation is Monet task${n === 1 ? "" : "s"} ${ids.join(", ")} (sora-2)`);
  expect(e.message).toContain(`experimental_getVideoStatus(model, { operation: ${JSON.stringify(n === 1 ? ids[0] : ids)} })`);
});
