// The other side of the proxy's memory test, in its own process so that its buffers do not
// count: a sink standing in for Monet, and a client that streams an upload of `mb` MiB.
import http from "node:http";

const sink = http.createServer((req, res) => {
  let size = 0;
  req.on("data", (c) => (size += c.length));
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ size })));
});
sink.listen(0, "127.0.0.1", () => process.send({ sink: `http://127.0.0.1:${sink.address().port}` }));

process.on("message", async ({ proxy, mb }) => {
  let sent = 0;
  const body = new ReadableStream({
    pull(ctrl) {
      if (sent === mb) return ctrl.close();
      ctrl.enqueue(new Uint8Array(1 << 20));
      sent++;
    },
  });
  const res = await fetch(`${proxy}/api/v1/files`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body, duplex: "half" });
  process.send({ status: res.status, body: await res.json() });
  sink.close();
  process.disconnect();
});
