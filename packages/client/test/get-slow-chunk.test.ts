// s21 item 3: a success that is not the task asked for (not a task, another task, a create's id
// no call can follow) is the server's error, built in the failure chunk (failed-attempt.ts). That
// chunk's load was not bounded for `tasks.get` and `tasks.create` (a wait's was: wait-slow-chunk):
// a chunk that never finished loading held the call past its caller's abort and its timeout, for
// ever. Such an answer now takes the failure path, whose load is bounded as an attempt is. An
// app's bundle (esbuild, ESM, split, as a browser loads it) whose failure chunk never finishes
// loading, and that says when its load began: one bundle per way in, as a module is evaluated once.
import { describe, expect, test } from "vitest";
import { chunkHooks, slowChunkServers, stalledClient } from "./browser-bundle.js";

type Client = typeof import("../dist/index.js");
const servers = slowChunkServers();

const input = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } } as const;
type Monet = InstanceType<Client["Monet"]>;
const ways = [
  { way: "a get answered with something that is not a task", answer: { hello: "not a task" }, call: (m: Monet, o: object) => m.tasks.get("task_1", o) },
  {
    way: "a get answered with another task",
    answer: { id: "task_2", type: "image", status: "pending" },
    call: (m: Monet, o: object) => m.tasks.get("task_1", o),
  },
  {
    way: "a create answered with a task id no call can follow",
    answer: { id: "a/b", type: "image", status: "pending" },
    call: (m: Monet, o: object) => m.tasks.create(input, o),
  },
];

describe.each(ways)("$way", ({ answer, call }) => {
  const bundled = stalledClient<Client>(["Monet", "AbortError", "APIConnectionError"]);

  const monet = async () => {
    const server = await servers.answering(answer);
    return new bundled.client.Monet({ apiKey: "monet_x", baseUrl: server.url, dangerouslyAllowBrowser: true });
  };

  test("an abort while the failure chunk loads ends the call at once, with an AbortError", async () => {
    const m = await monet();
    const ctrl = new AbortController();
    chunkHooks.monetFailureChunkLoading = () => ctrl.abort(new Error("user left"));
    const err = await call(m, { signal: ctrl.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(bundled.client.AbortError);
    expect(String(err.cause)).toContain("user left");
  });

  test("the timeout ends a call whose failure chunk does not load, with an APIConnectionError saying so, sent once", async () => {
    // (The chunk began loading in the test above and never finishes: a module is evaluated once.)
    const m = await monet();
    const err = await call(m, { timeout: 200 }).catch((e) => e);
    expect(err).toBeInstanceOf(bundled.client.APIConnectionError);
    expect(err.message).toContain("did not load in 200 ms");
    expect(servers.current?.seen).toHaveLength(1);
  });
});
