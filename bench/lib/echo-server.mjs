// A fast canned-answer HTTP server for the client-overhead bench, run as its own process so the
// clients under test do not share its event loop. It answers every SDK's nearest equivalent of
// "create a job" and "get the job" with a small fixed body; `process.send` reports the port.
import http from "node:http";
import { prediction, task } from "./canned.mjs";

const json = (res, body) => {
  const s = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(s), "x-request-id": "req_1" });
  res.end(s);
};
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = req.url ?? "/";
    if (url.startsWith("/api/v1/tasks")) return json(res, req.method === "POST" ? { ...task, status: "pending" } : task);
    if (url.startsWith("/v1/predictions")) return json(res, prediction);
    if (url.startsWith("/v1/images/generations")) return json(res, { created: 1, data: [{ url: "https://x/o.png" }] });
    if (url.startsWith("/v1/models/")) return json(res, { id: "dall-e-3", object: "model", created: 1, owned_by: "openai" });
    // fal through its proxyUrl: submit is a POST, status a GET.
    if (req.method === "POST")
      return json(res, { request_id: "r1", status_url: "http://127.0.0.1/s", response_url: "http://127.0.0.1/r", cancel_url: "http://127.0.0.1/c" });
    return json(res, { status: "COMPLETED", request_id: "r1", response_url: "http://127.0.0.1/r" });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
