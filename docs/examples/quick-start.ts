// Quick start: create a video task, wait for it, download the result.
import { writeFile } from "node:fs/promises";
import { Monet } from "@monet-ai/client";

const monet = new Monet(); // reads MONET_API_KEY

const task = await monet.tasks.create({
  type: "video",
  input: {
    model: "sora-2",
    prompt: "A cat running in the park",
    duration: 10,
    aspect_ratio: "16:9",
  },
});
console.log(`created ${task.id} (${task.status})`);

// Polls every 5 seconds, as the API recommends, until the task succeeds or fails.
const done = await monet.tasks.wait(task.id, {
  onProgress: (t) => console.log(t.status, t.outputs?.[0]?.progress ?? 0, "%"),
});

const url = done.outputs?.[0]?.url;
if (url) {
  const video = await fetch(url);
  await writeFile("cat.mp4", new Uint8Array(await video.arrayBuffer()));
  console.log("saved cat.mp4");
}
