// Uploads: send local files, then use their URLs (they live 24 hours).
import { Monet } from "@monet-ai/client";
import { fileFromPath } from "@monet-ai/client/node";

const monet = new Monet();

// Upload explicitly and keep the URL (fileFromPath streams from disk)...
const path = new URL("./character.png", import.meta.url).pathname;
const character = await monet.files.upload(await fileFromPath(path));
// The answer says when it was uploaded (\`created_at\`), not when it expires: 24 hours later.
const expires = new Date(Date.parse(character.created_at) + 24 * 60 * 60 * 1000);
console.log(character.url, "expires", expires.toISOString());

// ...or put local files straight into the input: they are uploaded first.
const task = await monet.tasks.run({
  type: "video",
  input: {
    model: "wan-animate-move",
    images: [character.url],
    videos: [await fileFromPath(new URL("./dance.mp4", import.meta.url).pathname)],
  },
});
console.log("video:", task.outputs?.[0]?.url);
