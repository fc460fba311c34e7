// The canned answers of the overhead suites: the echo server sends them over loopback, the CPU
// suite's fetch answers with them at once.
export const task = {
  id: "task_abc123",
  status: "success",
  type: "image",
  outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url: "https://files.monet.vision/o.png" }],
  created_at: "2026-02-27T10:00:00Z",
  updated_at: "2026-02-27T10:01:30Z",
};
export const prediction = {
  id: "p1",
  status: "succeeded",
  version: "v",
  input: { prompt: "a cat" },
  output: ["https://x/o.png"],
  urls: { get: "http://127.0.0.1/v1/predictions/p1" },
};
