// Streaming: create a task and read its progress as server-sent events.
import { Monet } from "@monet-ai/client";

const monet = new Monet();

for await (const event of monet.tasks.stream({
  type: "image",
  input: { model: "flux-2-dev", prompt: "A lighthouse on a cliff at dawn", aspect_ratio: "16:9" },
})) {
  if (event.event === "progress") console.log(`${event.task.outputs?.[0]?.progress ?? 0}%`);
  if (event.event === "success") console.log("image:", event.task.outputs?.[0]?.url);
  if (event.event === "failed") console.error("failed:", event.task.error?.message);
}
