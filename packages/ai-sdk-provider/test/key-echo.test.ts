// A server that echoes the API key in forms a plain search misses: its end without its public
// start, percent-encoded, split by a zero-width space, base64 in a logged Authorization header.
// None of them may reach what the provider hands back: an APICallError's responseBody and
// responseHeaders, a result's response.headers, a failed operation's error and metadata.
import { APICallError } from "@ai-sdk/provider";
import { generateImage, experimental_generateVideo as generateVideo, experimental_getVideoStatus as getVideoStatus } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { createMonet, TaskFailedError } from "../src/index.js";
import { isPng, KEY, STILL } from "./helpers.js";

/** The key as servers echo it: none of these contains KEY itself. */
const ECHOES = {
  tail: KEY.slice(10),
  percent: encodeURIComponent(KEY).replaceAll("_", "%5F"),
  // Split where neither part is half the key: only the whole, read as shown, is the key.
  hidden: `${KEY.slice(0, 15)}\u200b${KEY.slice(15)}`,
  base64: btoa(`Bearer ${KEY}`),
};
const echoed = Object.values(ECHOES).join(" | ");
/** In a header: what a header can carry (no zero-width space). */
const inHeader = [ECHOES.tail, ECHOES.percent, ECHOES.base64].join(" | ");
/** What must not be in anything handed back (read as shown, the zero-width space gone): each echo's core. */
const leaks = (s: string) => [KEY.slice(10), ECHOES.percent.slice(10), ECHOES.base64.slice(12, 40)].filter((k) => s.replaceAll("\u200b", "").includes(k));

let server: Hostile;
let mode: "error" | "ok" | "failed" = "error";
const now = "2026-01-01T00:00:00Z";
beforeAll(async () => {
  server = await startHostile((req, res) => {
    const headers = { "x-request-id": "req_echo", "x-echo": inHeader };
    const path = req.url ?? "";
    if (mode === "error") return json(res, 503, { error: { code: "unavailable", message: `no such key: ${echoed}` } }, headers);
    if (path.startsWith("/out.png")) return void res.writeHead(200, { "content-type": "image/png", ...headers }).end(STILL);
    const type = mode === "failed" ? "video" : "image";
    const task =
      mode === "failed"
        ? { id: "task_echo", type, status: "failed", created_at: now, error: { code: "bad_key", message: `rejected ${echoed}` } }
        : {
            id: "task_echo",
            type,
            status: "success",
            created_at: now,
            updated_at: now,
            outputs: [{ url: `${server.url}/out.png?sig=${ECHOES.tail}`, model: "flux-1-schnell" }],
          };
    json(res, 200, task, headers);
  });
});
afterAll(() => server?.close());

const monet = () => createMonet({ apiKey: KEY, baseURL: server.url, pollIntervalMs: 20, maxRetries: 0 });

test("an error answer echoing the key in any form: responseBody, responseHeaders and message hold none of it", async () => {
  mode = "error";
  const e = (await generateImage({ model: monet().image("flux-1-schnell"), prompt: "x" }).catch((e: unknown) => e)) as APICallError;
  expect(APICallError.isInstance(e), String(e)).toBe(true);
  expect(e.statusCode).toBe(503);
  expect(leaks(e.responseBody ?? "")).toEqual([]);
  expect(leaks(JSON.stringify(e.responseHeaders))).toEqual([]);
  expect(leaks(e.message)).toEqual([]);
  expect(e.responseHeaders?.["x-request-id"]).toBe("req_echo");
});

test("a success echoing the key in its headers and output URL: the result's response.headers and providerMetadata hold none of it", async () => {
  mode = "ok";
  const { image, responses, providerMetadata } = await generateImage({ model: monet().image("flux-1-schnell"), prompt: "x" });
  expect(isPng(image.uint8Array)).toBe(true);
  expect(leaks(JSON.stringify(responses))).toEqual([]);
  expect(leaks(JSON.stringify(providerMetadata))).toEqual([]);
  expect(providerMetadata.monet.images).toEqual([expect.objectContaining({ taskId: "task_echo", url: `${server.url}/out.png?sig=[redacted]` })]);
  expect(responses[0].headers?.["x-request-id"]).toBe("req_echo");
});

test("a failed task whose error echoes the key: doStatus's error and metadata hold none of it", async () => {
  mode = "failed";
  const status = await getVideoStatus(monet().video("kling-2-6"), { operation: "task_echo" });
  expect(status.status).toBe("error");
  expect(leaks(JSON.stringify(status))).toEqual([]);
});

test("a failed task whose error echoes the key, waited for by generateVideo: the TaskFailedError and its task hold none of it", async () => {
  mode = "failed";
  const e = (await generateVideo({ model: monet().video("kling-2-6"), prompt: "x" }).catch((e: unknown) => e)) as TaskFailedError;
  expect(e).toBeInstanceOf(TaskFailedError);
  expect(e.task.error?.code).toBe("bad_key");
  expect(leaks(JSON.stringify({ message: e.message, stack: e.stack, task: e.task }))).toEqual([]);
});
