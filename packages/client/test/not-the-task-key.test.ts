// A success answer that is not the task asked for (error-answer.ts's notTheTask: not a task, a GET
// answered with another task, a create's id no call can follow) built its APIError without the
// failure path's cleaning (key-tail.ts's shownError), which every other error answer gets: the key
// quoted without its `monet_` start (which the start path's redaction does not take) stayed in its
// message and request id, and an 8-bit terminal sequence (C1 CSI, which JSON.stringify leaves as
// it is) in its message.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { APIError, Monet } from "../dist/index.js";

const KEY = "monet_live_AUDITSECRET0123456789abcdefXYZ";
const RUN = KEY.slice(6); // the key without its public start
const CSI = "\u009b2J\u001b[31m"; // clear the screen (8-bit CSI), then red (7-bit)
const M = "[redacted]";

let server: Hostile | undefined;
afterEach(() => server?.close());

const image = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } } as const;

test.each([
  ["not a task", { k: `${CSI}${RUN}` }, "get"],
  ["another task", { id: `t${CSI}${RUN}`, status: "pending", type: "image" }, "get"],
  ["a task id no call can follow", { id: `a/${CSI}${RUN}`, status: "pending", type: "image" }, "create"],
])("a 200 with %s, echoing the key and a terminal sequence: its APIError shows neither", async (_how, body, call) => {
  server = await startHostile((_req, res) => json(res, 200, body, { "x-request-id": `req-${RUN}` }));
  const monet = new Monet({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
  const errors =
    call === "get"
      ? [await monet.tasks.get("task_1").catch((e) => e), await monet.tasks.wait("task_1", { pollInterval: 10 }).catch((e) => e)]
      : [await monet.tasks.create(image).catch((e) => e)];
  for (const e of errors) {
    expect(e).toBeInstanceOf(APIError);
    expect(e.message).toContain(M);
    for (const field of [e.message, e.stack, e.requestId]) {
      expect(field).not.toContain(RUN.slice(0, 12));
      for (const c of ["\u001b", "\u009b"]) expect(field).not.toContain(c);
    }
    expect(e.requestId).toBe(`req-${M}`);
    expect(e.status).toBe(200);
  }
});
