// experimental_generateVideo (ai 7) with Monet video models against the mock: text to video,
// image to video (uploaded through the client), n > 1, and each standard setting mapped onto the
// model's own fields, with a warning for anything the model lacks.
import { experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Harness, harness, isMp4, STILL } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const last = () => h.inputs().at(-1);
const uploads = () => h.mock.state.files.list(h.mock.url);

test("a video from text: duration, aspectRatio and generateAudio reach kling-2-6's fields; the MP4 comes back as bytes", async () => {
  const { video, videos, warnings, providerMetadata } = await generateVideo({
    model: h.monet.video("kling-2-6"),
    prompt: "A knight drawing a sword in a misty forest",
    duration: 10,
    aspectRatio: "9:16",
    generateAudio: true,
  });
  expect(videos).toHaveLength(1);
  expect(isMp4(video.uint8Array)).toBe(true);
  expect(video.mediaType).toBe("video/mp4");
  expect(warnings).toEqual([]);
  expect(last()).toEqual({
    model: "kling-2-6",
    prompt: "A knight drawing a sword in a misty forest",
    duration: 10,
    aspect_ratio: "9:16",
    generate_audio: true,
  });
  const task = h.mock.state.tasks.all().at(-1)!;
  expect(providerMetadata.monet).toMatchObject({ taskId: task.id, model: "kling-2-6", status: "success", timings: { createdAt: task.createdAt } });
  expect(providerMetadata.monet.videos).toEqual([expect.objectContaining({ taskId: task.id, mediaType: "video/mp4", bytes: video.uint8Array.byteLength })]);
});

test("a video from an image: the still is uploaded through the client and becomes the model's first image", async () => {
  const before = uploads().length;
  const { video } = await generateVideo({ model: h.monet.video("kling-2-6"), prompt: { image: STILL, text: "slow orbit" }, duration: 5 });
  expect(isMp4(video.uint8Array)).toBe(true);
  const added = uploads().slice(before);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ content_type: "image/png", size: STILL.byteLength });
  expect(last()).toEqual({ model: "kling-2-6", prompt: "slow orbit", duration: 5, images: [added[0].url] });
});

test("n = 2 makes two tasks and returns two videos", async () => {
  const before = h.mock.state.tasks.size;
  const { videos, providerMetadata } = await generateVideo({ model: h.monet.video("wan-2-5"), prompt: "waves", n: 2 });
  expect(videos).toHaveLength(2);
  expect(videos.every((v) => isMp4(v.uint8Array))).toBe(true);
  const created = h.mock.state.tasks.all().slice(before);
  expect(created).toHaveLength(2);
  expect((providerMetadata.monet.videos as { taskId: string }[]).map((v) => v.taskId).sort()).toEqual(created.map((t) => t.id).sort());
});

test("resolution WIDTHxHEIGHT becomes the model's tier and aspect ratio; exact values warn nothing", async () => {
  const { warnings } = await generateVideo({ model: h.monet.video("wan-2-5"), prompt: "x", resolution: "1280x720" });
  expect(last()).toEqual({ model: "wan-2-5", prompt: "x", resolution: "720p", aspect_ratio: "16:9" });
  expect(warnings).toEqual([]);
});

test("a resolution between tiers, a duration between allowed lengths: the nearest, each with a warning", async () => {
  // hailuo-02 has 768p and 1080p, and 6 or 10 s.
  const { warnings } = await generateVideo({ model: h.monet.video("hailuo-02"), prompt: "x", resolution: "1000x1000", duration: 9 });
  expect(last()).toEqual({ model: "hailuo-02", prompt: "x", resolution: "1080p", duration: 10 });
  expect(warnings).toEqual([
    { type: "compatibility", feature: "resolution", details: "hailuo-02 takes resolution 768p, 1080p: 1080p is the nearest to 1000x1000" },
    { type: "compatibility", feature: "duration", details: "hailuo-02 takes 6, 10 s: 10 is the nearest to 9" },
  ]);
});

test("a duration range is clamped; seed and fps, which no model takes, warn", async () => {
  // doubao-seedance-1-5-pro takes 4 to 12 seconds.
  const { warnings } = await generateVideo({ model: h.monet.video("doubao-seedance-1-5-pro"), prompt: "x", duration: 20, seed: 1, fps: 24 });
  expect(last()).toEqual({ model: "doubao-seedance-1-5-pro", prompt: "x", duration: 12 });
  expect(warnings).toEqual([
    { type: "compatibility", feature: "duration", details: "doubao-seedance-1-5-pro takes 4 to 12 s: 12 was used for 20" },
    { type: "unsupported", feature: "fps", details: "doubao-seedance-1-5-pro takes no fps" },
    { type: "unsupported", feature: "seed", details: "doubao-seedance-1-5-pro takes no seed" },
  ]);
});

test("fixed-length and always-audio models: a matching request warns nothing, another warns", async () => {
  // The catalog: veo-3-1 makes 8 s videos with audio and has no switch for either; of veo-3 the
  // reference says nothing about sound (it names only the models that have it).
  const same = await generateVideo({ model: h.monet.video("veo-3-1"), prompt: "x", duration: 8, generateAudio: true });
  expect(same.warnings).toEqual([]);
  const other = await generateVideo({ model: h.monet.video("veo-3-1"), prompt: "x", duration: 5, generateAudio: false });
  expect(last()).toEqual({ model: "veo-3-1", prompt: "x" });
  expect(other.warnings).toEqual([
    { type: "unsupported", feature: "duration", details: "veo-3-1 makes 8 s videos" },
    { type: "unsupported", feature: "generateAudio", details: "veo-3-1 always generates audio" },
  ]);
  const silent = await generateVideo({ model: h.monet.video("veo-3"), prompt: "x", generateAudio: true });
  expect(silent.warnings).toEqual([
    { type: "unsupported", feature: "generateAudio", details: "veo-3 has no generate_audio switch, and Monet does not say it makes sound" },
  ]);
});

test("aspectRatio 'adaptive' leaves aspect_ratio out so the model follows its input image; with no image it warns", async () => {
  const withImage = await generateVideo({ model: h.monet.video("wan-2-6"), prompt: { image: STILL, text: "x" }, aspectRatio: "adaptive" });
  expect(withImage.warnings).toEqual([]);
  expect(last()).not.toHaveProperty("aspect_ratio");
  const without = await generateVideo({ model: h.monet.video("wan-2-6"), prompt: "x", aspectRatio: "adaptive" });
  expect(last()).toEqual({ model: "wan-2-6", prompt: "x" });
  expect(without.warnings).toEqual([{ type: "compatibility", feature: "aspectRatio", details: expect.stringContaining("no input image") }]);
});

test("motion transfer: the image and the reference video go to images and videos, by media type; a prompt the model lacks warns", async () => {
  // A real MP4 as the motion reference: a finished video task's output (the mock serves one).
  const dance = (await generateVideo({ model: h.monet.video("wan-2-6"), prompt: "a dancer" })).video.uint8Array;
  expect(isMp4(dance)).toBe(true);
  const before = uploads().length;
  const { warnings, video } = await generateVideo({
    model: h.monet.video("wan-animate-move"),
    prompt: { image: STILL, text: "dance" },
    inputReferences: [{ data: dance, mediaType: "video/mp4" }],
  });
  expect(isMp4(video.uint8Array)).toBe(true);
  const added = uploads().slice(before);
  expect(added.map((f) => f.content_type).sort()).toEqual(["image/png", "video/mp4"]);
  const url = (type: string) => added.find((f) => f.content_type === type)!.url;
  expect(last()).toEqual({ model: "wan-animate-move", images: [url("image/png")], videos: [url("video/mp4")] });
  expect(warnings).toEqual([{ type: "unsupported", feature: "prompt", details: expect.stringContaining("wan-animate-move takes no text prompt") }]);
});

test("frameImages: the first frame is the first image; a last frame, which no model takes, warns", async () => {
  const before = uploads().length;
  const { warnings } = await generateVideo({
    model: h.monet.video("kling-2-5"),
    prompt: "x",
    frameImages: [
      { image: STILL, frameType: "first_frame" },
      { image: STILL, frameType: "last_frame" },
    ],
  });
  const added = uploads().slice(before);
  expect(added).toHaveLength(1);
  expect(last()).toEqual({ model: "kling-2-5", prompt: "x", images: [added[0].url] });
  expect(warnings).toEqual([{ type: "unsupported", feature: "frameImages", details: expect.stringContaining("takes no last frame") }]);
});

test("providerOptions.monet sets the model's own fields", async () => {
  await generateVideo({ model: h.monet.video("kling-2-5"), prompt: "x", providerOptions: { monet: { negative_prompt: "blur", duration: 10 } } });
  expect(last()).toEqual({ model: "kling-2-5", prompt: "x", negative_prompt: "blur", duration: 10 });
});
