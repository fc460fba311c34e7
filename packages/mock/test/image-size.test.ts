// A mock image has the aspect ratio the create asked for (16:9 is 16x9 px, 8:1 16x2), so a
// frontend can lay out a banner or a portrait against the mock; with no ratio it is the 8x8
// placeholder, and a video's output is unchanged.
import { inflateSync } from "node:zlib";
import { getModel } from "@monet-ai/models";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type MockServer, startMockServer } from "../src/index.js";

const headers = { authorization: "Bearer monet_sizes", "content-type": "application/json" };
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 50 });
});
afterAll(() => mock.close());

/** The output of a task created with `input`, once it succeeded. */
async function output(type: string, input: Record<string, unknown>): Promise<{ url: string; bytes: Buffer; contentType: string | null }> {
  const created = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers,
    body: JSON.stringify({ type, input, idempotency_key: crypto.randomUUID() }),
  });
  expect(created.status, await created.clone().text()).toBe(200);
  const { id } = await created.json();
  for (;;) {
    const task = await (await fetch(`${mock.url}/api/v1/tasks/${id}`, { headers })).json();
    if (task.status === "success") {
      const res = await fetch(task.outputs[0].url);
      expect(res.status).toBe(200);
      return { url: task.outputs[0].url, bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get("content-type") };
    }
    expect(task.status).not.toBe("failed");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A PNG's width and height, after checking its pixels inflate to exactly that many RGB rows. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const at = png.indexOf("IDAT");
  const idat = png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4));
  const channels = png[25] === 2 ? 3 : png[25] === 6 ? 4 : 1;
  expect(inflateSync(idat).length).toBe(height * (1 + width * channels));
  return [width, height];
}

test("every aspect ratio of an image model gives a small PNG of that ratio", async () => {
  const model = getModel("image", "nano-banana-2")!;
  const ratios = model.fields.find((f) => f.name === "aspect_ratio")!.enum as string[];
  expect(ratios).toContain("8:1");
  for (const ratio of ratios) {
    const [w, h] = ratio.split(":").map(Number);
    const out = await output("image", { model: model.id, prompt: "a banner", aspect_ratio: ratio });
    expect(out.contentType).toBe("image/png");
    const [width, height] = pngSize(out.bytes);
    expect(width * h, `${ratio}: ${width}x${height}`).toBe(height * w);
    expect(Math.max(width, height), ratio).toBeLessThanOrEqual(64);
    expect(Math.max(width, height), ratio).toBeGreaterThanOrEqual(16);
  }
  const wide = await output("image", { model: model.id, prompt: "x", aspect_ratio: "16:9" });
  expect(pngSize(wide.bytes)).toEqual([16, 9]);
});

test("an image with no aspect ratio is the 8x8 placeholder; a video's output is unchanged", async () => {
  const plain = await output("image", { model: "nano-banana-2", prompt: "x" });
  expect(pngSize(plain.bytes)).toEqual([8, 8]);
  expect(plain.url).not.toContain("?");
  const video = await output("video", { model: "sora-2", prompt: "x", aspect_ratio: "16:9" });
  expect(video.contentType).toBe("video/mp4");
  expect(video.url).not.toContain("?");
});

test("a size the mock did not make is the placeholder, never a huge image", async () => {
  const out = await output("image", { model: "nano-banana-2", prompt: "x", aspect_ratio: "1:1" });
  const base = out.url.split("?")[0];
  for (const size of ["5000x5000", "65x1", "0x9", "16x", "abc"]) {
    const res = await fetch(`${base}?size=${size}`);
    expect(pngSize(Buffer.from(await res.arrayBuffer())), size).toEqual([8, 8]);
  }
});
