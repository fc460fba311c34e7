// Polling vs streaming: requests made and the lag between a task finishing on the server and
// the caller knowing, on the stateful mock with a short task.
import { startForked } from "../lib/servers.mjs";

export async function run({ quick }) {
  const { Monet } = await import("@monet-ai/client");
  const taskDuration = quick ? 300 : 3000;
  const server = await startForked("mock-process.mjs", [String(taskDuration)]);
  const rows = [];
  try {
    const measure = async (name, go) => {
      let requests = 0;
      const countingFetch = (input, init) => {
        requests++;
        return fetch(input, init);
      };
      const monet = new Monet({ apiKey: "monet_bench", baseUrl: server.url, fetch: countingFetch });
      const input = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } };
      const done = await go(monet, input);
      const known = Date.now();
      const finished = Date.parse(done.updated_at);
      rows.push({ name, requests, "lag (ms)": Math.max(0, known - finished) });
    };
    await measure("stream (SSE)", async (monet, input) => {
      let last;
      for await (const e of monet.tasks.stream(input)) last = e;
      return last.task;
    });
    for (const interval of quick ? [100] : [5000, 1000]) {
      await measure(`wait, poll every ${interval / 1000} s`, async (monet, input) => {
        const t = await monet.tasks.create(input);
        return monet.tasks.wait(t.id, { pollInterval: interval });
      });
    }
  } finally {
    server.close();
  }
  return {
    title: `Polling vs streaming (task of ${taskDuration / 1000} s on the mock)`,
    how: "One task per row; requests counted through the client's fetch option (create included); lag = when the caller got the final task minus the task's updated_at on the server (ms precision); ratio of requests against streaming.",
    baseline: "stream (SSE)",
    key: "requests",
    columns: ["name", "requests", "lag (ms)", "ratio"],
    rows,
  };
}
