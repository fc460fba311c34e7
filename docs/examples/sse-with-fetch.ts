// Generated clients cannot read server-sent events: read POST /api/v1/tasks/sync with fetch.
import type { TaskStreamEvent } from "@monet-ai/client";

const base = process.env.MONET_BASE_URL ?? "https://monet.vision";
const res = await fetch(`${base}/api/v1/tasks/sync`, {
  method: "POST",
  headers: {
    authorization: `Bearer ${process.env.MONET_API_KEY}`,
    "content-type": "application/json",
    accept: "text/event-stream",
  },
  body: JSON.stringify({
    type: "image",
    input: { model: "flux-1-schnell", prompt: "A red kite over the sea" },
    idempotency_key: crypto.randomUUID(), // reuse it if you retry: never a second task
  }),
});
if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);

// Events are separated by a blank line; each has one `data:` line holding a TaskStreamEvent.
const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
let buffer = "";
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  buffer = (buffer + value).replace(/\r\n?/g, "\n");
  for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
    const block = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    const data = block
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).trimStart())
      .join("\n");
    if (!data) continue; // a comment or keep-alive
    const event = JSON.parse(data) as TaskStreamEvent;
    if (event.event === "error")
      console.log("stream broke:", event.error.message, "- get the task by id");
    else console.log(event.event, event.task.status, event.task.outputs?.[0]?.progress ?? 0);
  }
}
