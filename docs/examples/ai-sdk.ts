// The Vercel AI SDK with Monet: an image with generateImage, then a video made from it.
import { writeFile } from "node:fs/promises";
import { monet } from "@monet-ai/ai-sdk-provider"; // reads MONET_API_KEY on each call
import { generateImage, experimental_generateVideo as generateVideo } from "ai";

const { image } = await generateImage({
  model: monet.image("flux-2-dev"),
  prompt: "A lighthouse on a cliff at dusk",
  aspectRatio: "16:9", // flux-2-dev's aspect_ratio
});
await writeFile("lighthouse.png", image.uint8Array);
console.log("saved lighthouse.png", image.mediaType);

// Image to video: the still is uploaded for you and becomes kling-2-6's first image.
const { video, warnings, providerMetadata } = await generateVideo({
  model: monet.video("kling-2-6"),
  prompt: { image: image.uint8Array, text: "Slow orbit around the lighthouse" },
  duration: 5, // kling-2-6 takes 5 or 10 s; other values become the nearest, with a warning
  generateAudio: true, // generate_audio
});
await writeFile("lighthouse.mp4", video.uint8Array);
console.log(
  "saved lighthouse.mp4 from task",
  providerMetadata.monet?.taskId,
  "warnings:",
  warnings.length,
);
