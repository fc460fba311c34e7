// The canned answers of the overhead suites, by route: the echo server sends them over loopback,
// the CPU suite's fetch answers with them at once.
const task = {
  id: "task_abc123",
  status: "success",
  type: "image",
  outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url: "https://files.monet.vision/o.png" }],
  created_at: "2026-02-27T10:00:00Z",
  updated_at: "2026-02-27T10:01:30Z",
};
const prediction = {
  id: "p1",
  status: "succeeded",
  version: "v",
  input: { prompt: "a cat" },
  output: ["https://x/o.png"],
  urls: { get: "http://127.0.0.1/v1/predictions/p1" },
};

/** The JSON text answered to `method` on `path`: each SDK's nearest equivalent of "create a job" and "get the job". */
export function cannedAnswer(method, path) {
  let body;
  if (path.startsWith("/api/v1/tasks")) body = method === "POST" ? { ...task, status: "pending" } : task;
  else if (path.startsWith("/v1/predictions")) body = prediction;
  else if (path.startsWith("/v1/images/generations")) body = { created: 1, data: [{ url: "https://x/o.png" }] };
  else if (path.startsWith("/v1/models/")) body = { id: "dall-e-3", object: "model", created: 1, owned_by: "openai" };
  // fal through its proxyUrl: submit is a POST, status a GET.
  else if (method === "POST")
    body = { request_id: "r1", status_url: "http://127.0.0.1/s", response_url: "http://127.0.0.1/r", cancel_url: "http://127.0.0.1/c" };
  else body = { status: "COMPLETED", request_id: "r1", response_url: "http://127.0.0.1/r" };
  return JSON.stringify(body);
}

/** The headers every canned answer goes with. */
export const cannedHeaders = (text) => ({ "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), "x-request-id": "req_1" });
