// A page against the mock (a dev build only): the entry module of your app (e.g. Vite's main.ts),
// bundled as your app is. Start the mock first, in a terminal: npx -y @monet-ai/mock --port 4020
import { Monet } from "@monet-ai/client";
import { outputs } from "@monet-ai/client/outputs";

// In a page the client refuses a key unless told: the mock's made-up key is safe to show.
const monet = new Monet({
  apiKey: "monet_test",
  baseUrl: "http://127.0.0.1:4020",
  dangerouslyAllowBrowser: true,
});

const status = document.createElement("p");
document.body.append(status);
const done = await monet.tasks.run(
  { type: "image", input: { model: "flux-1-schnell", prompt: "A red kite" } },
  {
    onProgress: (task) =>
      (status.textContent = `${task.status} ${task.outputs?.[0]?.progress ?? 0}%`),
  },
);
status.textContent = done.status;

// The output as a Blob, fetched only from the API's own origin, then shown.
for (const out of outputs(done, { allowOrigins: [monet.baseUrl] })) {
  const img = document.createElement("img");
  img.alt = "A red kite";
  img.src = URL.createObjectURL(await out.blob());
  document.body.append(img);
}
