// A wait, a run or a stream whose API goes away ends, with the task's id, after the retry policy's
// maxUnreachablePolls polls in a row that found no connection: it polled in silence for the whole
// waitTimeout (30 minutes by default), while `get` gave up after its retries (audits s19 docs F1,
// CLI F13). An API that answers, even 5xx, is waited for as before.
import { expect, test } from "vitest";
import { json, startHostile } from "../../../test/support/hostile.js";
import { APIConnectionError, InputValidationError, Monet, retryPolicy } from "../src/index.js";
import { POLL_INTERVAL_MS } from "../src/poll-interval.js";
import { harness } from "./helpers.js";

const input = { model: "flux-2-dev", prompt: "a lighthouse" };
// No backoff and one attempt per poll: the polls come as fast as the machine allows. The
// waitTimeout only bounds the old behaviour (it polled until then), far past what the bound needs.
const fast = { maxRetries: 0, retry: { delay: () => 0, maxUnreachablePolls: 3 } };
const bound = { pollInterval: 10, waitTimeout: 20_000 };
const budget = 30_000;

function expectGone(e: unknown, id: string | undefined) {
  expect(e).toBeInstanceOf(APIConnectionError);
  const err = e as APIConnectionError;
  expect(err.taskId).toBe(id);
  expect(err.message).toMatch(
    new RegExp(`^Task ${id}: no connection to the API in 3 polls in a row \\(last: .*\\)\\. The task goes on at the API: wait for it again \\(tasks\\.wait\\)`),
  );
  expect(err.cause).toBeInstanceOf(APIConnectionError);
}

test("the default bound rides out a minute of polls at the API's interval", () => {
  expect(retryPolicy().maxUnreachablePolls * POLL_INTERVAL_MS).toBeGreaterThanOrEqual(60_000);
});

test(
  "wait: the mock stopped mid-wait ends the wait after maxUnreachablePolls polls with no connection",
  async () => {
    const h = await harness(fast, { taskDuration: 600_000 });
    const retries: string[] = [];
    const monet = new Monet({ apiKey: "monet_k", baseUrl: h.mock.url, ...fast, retry: { ...fast.retry, onRetry: (i) => void retries.push(i.what) } });
    const task = await monet.tasks.create({ type: "image", input });
    let closing: Promise<void> | undefined;
    const e = await monet.tasks
      .wait(task.id, {
        ...bound,
        onProgress: () => {
          closing ??= h.close();
        },
      })
      .catch((x) => x);
    await closing;
    expectGone(e, task.id);
    // The first two failed polls were retried; the third ended the wait.
    expect(retries).toEqual([`wait ${task.id}`, `wait ${task.id}`]);
  },
  budget,
);

test(
  "run: a port that refuses ends with the task's id (a create that got through, then no API)",
  async () => {
    const h = await harness(fast, { taskDuration: 600_000 });
    const monet = new Monet({ apiKey: "monet_k", baseUrl: h.mock.url, ...fast });
    let closing: Promise<void> | undefined;
    const e = await monet.tasks
      .run(
        { type: "image", input },
        {
          ...bound,
          onProgress: () => {
            closing ??= h.close();
          },
        },
      )
      .catch((x) => x);
    await closing;
    expectGone(e, (e as APIConnectionError).taskId);
    expect((e as APIConnectionError).taskId).toMatch(/^task_/);
  },
  budget,
);

test(
  "stream: the mock stopped mid-stream ends its polling after maxUnreachablePolls polls",
  async () => {
    const h = await harness(fast, { taskDuration: 600_000 });
    const monet = new Monet({ apiKey: "monet_k", baseUrl: h.mock.url, ...fast });
    const events: string[] = [];
    let id: string | undefined;
    const e = await (async () => {
      for await (const ev of monet.tasks.stream({ type: "image", input }, bound)) {
        events.push(ev.event);
        id = ev.task.id;
        if (ev.event === "created") await h.close();
      }
    })().catch((x) => x);
    expect(events[0]).toBe("created");
    expectGone(e, id);
  },
  budget,
);

test(
  "an API that answers 5xx is waited for as before: more failed polls than the bound, then the task",
  async () => {
    let polls = 0;
    const done = { id: "task_5xx", type: "image", status: "success", outputs: [], created_at: "2026-01-01T00:00:00Z" };
    const api = await startHostile((_req, res) =>
      ++polls <= 5 ? json(res, 503, { error: { code: "unavailable", message: "deploying" } }) : json(res, 200, done),
    );
    try {
      const monet = new Monet({ apiKey: "monet_k", baseUrl: api.url, ...fast });
      await expect(monet.tasks.wait("task_5xx", bound)).resolves.toMatchObject({ status: "success" });
      expect(polls).toBe(6);
    } finally {
      await api.close();
    }
  },
  budget,
);

test("a bound that is not a whole number from 1 is refused, naming it, before any request", () => {
  for (const bad of [0, 1.5, Number.NaN, -1])
    expect(() => new Monet({ apiKey: "monet_k", retry: { maxUnreachablePolls: bad } })).toThrow(
      expect.objectContaining({ constructor: InputValidationError, message: expect.stringMatching(/retry\.maxUnreachablePolls.*a whole number from 1/) }),
    );
});
