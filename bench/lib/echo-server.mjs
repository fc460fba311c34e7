// A fast canned-answer HTTP server for the client-overhead bench, run as its own process so the
// clients under test do not share its event loop. It answers every SDK's nearest equivalent of
// "create a job" and "get the job" with a small fixed body (canned.mjs); `process.send` reports the port.
import http from "node:http";
import { cannedAnswer, cannedHeaders } from "./canned.mjs";

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const text = cannedAnswer(req.method ?? "GET", req.url ?? "/");
    res.writeHead(200, cannedHeaders(text));
    res.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
