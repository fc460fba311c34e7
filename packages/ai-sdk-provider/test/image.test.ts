// generateImage (ai 7) with Monet image models against the mock: settings mapped onto each
// model's fields from the catalog, warnings for what a model lacks, bytes back.
import { generateImage } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Harness, harness, isPng, STILL } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const last = () => h.inputs().at(-1);

test("an image from a prompt: aspectRatio sets aspect_ratio, the PNG comes back as bytes with its task id", async () => {
  const before = h.mock.state.tasks.size;
  const { image, images, warnings, providerMetadata } = await generateImage({
    model: h.monet.image("flux-2-dev"),
    prompt: "A lighthouse at dusk",
    aspectRatio: "16:9",
  });
  expect(images).toHaveLength(1);
  expect(isPng(image.uint8Array)).toBe(true);
  expect(image.mediaType).toBe("image/png");
  expect(warnings).toEqual([]);
  expect(last()).toEqual({ model: "flux-2-dev", prompt: "A lighthouse at dusk", aspect_ratio: "16:9" });
  expect(h.mock.state.tasks.size).toBe(before + 1);
  const task = h.mock.state.tasks.all().at(-1)!;
  const meta = (providerMetadata.monet.images as { taskId: string; model: string; mediaType: string; timings: { createdAt: string } }[])[0];
  expect(meta).toMatchObject({ taskId: task.id, model: "flux-2-dev", mediaType: "image/png", timings: { createdAt: task.createdAt } });
  expect(image.providerMetadata?.monet).toMatchObject({ taskId: task.id });
});

test("size maps to the model's aspect ratio and resolution tier; exact values warn nothing", async () => {
  const { warnings } = await generateImage({ model: h.monet.image("nano-banana-2"), prompt: "x", size: "2048x2048" });
  expect(last()).toEqual({ model: "nano-banana-2", prompt: "x", aspect_ratio: "1:1", resolution: "2K" });
  expect(warnings).toEqual([]);
});

test("values a model does not allow become the nearest allowed one, with a warning; seed and mask, which no model takes, warn", async () => {
  const { warnings } = await generateImage({
    model: h.monet.image("imagen-4-0"),
    prompt: { text: "x", images: [], mask: STILL },
    aspectRatio: "21:9",
    seed: 7,
  });
  // imagen-4-0 allows 1:1, 3:4, 4:3, 9:16, 16:9: 16:9 is the closest ratio to 21:9.
  expect(last()).toEqual({ model: "imagen-4-0", prompt: "x", aspect_ratio: "16:9" });
  expect(warnings).toEqual(
    expect.arrayContaining([
      { type: "compatibility", feature: "aspectRatio", details: expect.stringContaining("16:9 is the nearest to 21:9") },
      { type: "unsupported", feature: "seed", details: "imagen-4-0 takes no seed" },
      { type: "unsupported", feature: "mask", details: expect.stringContaining("takes no mask") },
    ]),
  );
  expect(warnings).toHaveLength(3);
});

test("a size whose resolution the model cannot take: only its ratio is used, with a warning", async () => {
  const { warnings } = await generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x", size: "1536x1024" });
  expect(last()).toEqual({ model: "flux-2-dev", prompt: "x", aspect_ratio: "3:2" });
  expect(warnings).toEqual([
    { type: "compatibility", feature: "size", details: "flux-2-dev takes no pixel size: only the aspect ratio of 1536x1024 was used" },
  ]);
});

test("n = 3 makes three tasks (one per image, each with its own idempotency key) and returns three images", async () => {
  const before = h.mock.state.tasks.size;
  const { images, providerMetadata } = await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: "three", n: 3 });
  expect(images).toHaveLength(3);
  expect(images.every((i) => isPng(i.uint8Array))).toBe(true);
  const created = h.mock.state.tasks.all().slice(before);
  expect(created).toHaveLength(3);
  expect(new Set(created.map((t) => JSON.parse(t.request).idempotency_key)).size).toBe(3);
  expect((providerMetadata.monet.images as { taskId: string }[]).map((i) => i.taskId).sort()).toEqual(created.map((t) => t.id).sort());
});

test("input images are uploaded once through the client and sent as the model's images", async () => {
  const files = h.mock.state.files.list(h.mock.url).length;
  await generateImage({ model: h.monet.image("nano-banana-1"), prompt: { text: "restyle", images: [STILL] } });
  const uploaded = h.mock.state.files.list(h.mock.url).slice(files);
  expect(uploaded).toHaveLength(1);
  expect(uploaded[0]).toMatchObject({ content_type: "image/png", size: STILL.byteLength });
  expect(last()).toEqual({ model: "nano-banana-1", prompt: "restyle", images: [uploaded[0].url] });
});

test("input images for a model that takes none: a warning, and nothing uploaded", async () => {
  const files = h.mock.state.files.list(h.mock.url).length;
  const { warnings } = await generateImage({ model: h.monet.image("flux-1-schnell"), prompt: { text: "x", images: [STILL] } });
  expect(warnings).toEqual([{ type: "unsupported", feature: "prompt.images", details: "flux-1-schnell takes no image input" }]);
  expect(h.mock.state.files.list(h.mock.url)).toHaveLength(files);
  expect(last()).toEqual({ model: "flux-1-schnell", prompt: "x" });
});
