// Audit s20-mock F3: outputs and uploads ignored `Range` (a request for bytes=0-1 got 200 and the
// whole body, no Accept-Ranges, Content-Range not exposed to pages), so a video player could not
// seek. Now one range gets 206 with Content-Range, a range past the end 416, and CORS exposes both.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validator } from "../../../test/support/spec.ts";
import { type MockServer, startMockServer } from "../src/index.js";

const KEY = "monet_ranges";
const auth = { authorization: `Bearer ${KEY}` };
let mock: MockServer;
let video: string;
let upload: string;
const uploaded = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 60_000 });
  const created = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ type: "video", input: { model: "sora-2", prompt: "a fox" }, idempotency_key: "range-video" }),
  });
  const { id } = await created.json();
  video = mock.advanceTask(id, "success").outputs?.[0]?.url as string;
  const form = new FormData();
  form.append("file", new Blob([uploaded], { type: "video/mp4" }), "clip.mp4");
  upload = (await (await fetch(`${mock.url}/api/v1/files`, { method: "POST", headers: auth, body: form })).json()).url;
});
afterAll(() => mock.close());

const get = (url: string, headers: Record<string, string> = {}, method = "GET") => fetch(url, { method, headers });
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe.each([
  ["an output", () => video],
  ["an upload", () => upload],
])("%s answers Range", (_, urlOf) => {
  test("the whole body says Accept-Ranges: bytes, and CORS exposes Content-Range and Accept-Ranges", async () => {
    const res = await get(urlOf());
    expect(res.status).toBe(200);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(["content-range", "accept-ranges"]));
  });

  test("one range: 206 with Content-Range and those bytes; an open end and a suffix too", async () => {
    const whole = await bytes(await get(urlOf()));
    const size = whole.byteLength;
    const first = await get(urlOf(), { range: "bytes=0-1" });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe(`bytes 0-1/${size}`);
    expect(first.headers.get("content-length")).toBe("2");
    expect(await bytes(first)).toEqual(whole.subarray(0, 2));
    const rest = await get(urlOf(), { range: "bytes=100-" });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes 100-${size - 1}/${size}`);
    expect(await bytes(rest)).toEqual(whole.subarray(100));
    const tail = await get(urlOf(), { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(await bytes(tail)).toEqual(whole.subarray(size - 10));
    // A range past the end is cut at the end.
    const over = await get(urlOf(), { range: `bytes=${size - 3}-${size + 100}` });
    expect(over.headers.get("content-range")).toBe(`bytes ${size - 3}-${size - 1}/${size}`);
    // HEAD says the same, with no body.
    const head = await get(urlOf(), { range: "bytes=0-1" }, "HEAD");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-1/${size}`);
  });

  test("a range that starts past the end: 416 with Content-Range: bytes */size and the error body", async () => {
    const size = (await bytes(await get(urlOf()))).byteLength;
    const res = await get(urlOf(), { range: `bytes=${size}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${size}`);
    const body = await res.json();
    expect(validator("ErrorResponse")(body)).toBe(true);
    expect(body.error.code).toBe("range_not_satisfiable");
  });

  test("several ranges, a malformed or backwards one, another unit, or If-Range: the whole body (200)", async () => {
    const size = (await bytes(await get(urlOf()))).byteLength;
    for (const headers of <Record<string, string>[]>[
      { range: "bytes=0-1, 10-20" },
      { range: "bytes=abc" },
      { range: "bytes=5-2" },
      { range: "items=0-1" },
      { range: "bytes=0-1", "if-range": '"some-etag"' },
    ]) {
      const res = await get(urlOf(), headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect((await bytes(res)).byteLength).toBe(size);
    }
  });

  test("a page's preflight for a suffix range is allowed", async () => {
    const res = await fetch(urlOf(), {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "GET", "access-control-request-headers": "range" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/\brange\b/);
  });
});

test("an uploaded file's range is its own bytes", async () => {
  const res = await get(upload, { range: "bytes=500-509" });
  expect(res.status).toBe(206);
  expect(await bytes(res)).toEqual(uploaded.subarray(500, 510));
});
