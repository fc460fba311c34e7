// Peak memory of the mock for one large upload: starts the built mock (dist/) in a child
// process, streams a multipart upload of SIZE MiB to it, and reads the child's peak resident
// set (VmHWM, Linux) before and after. A measurement, not a test: `node bench/upload-rss.mjs 256`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const mib = Number(process.argv[2] ?? 256);
const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, [path.join(here, "../dist/cli.js"), "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) =>
  child.stdout.on("data", (d) => {
    const m = /http:\/\/\S+/.exec(String(d));
    if (m) resolve(m[0]);
  }),
);
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;
const before = hwm();

const boundary = `----bench${Date.now()}`;
const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.mp4"\r\ncontent-type: video/mp4\r\n\r\n`);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const chunk = Buffer.alloc(1024 * 1024, 7);
const { port, hostname } = new URL(url);
const status = await new Promise((resolve, reject) => {
  const req = http.request(
    {
      host: hostname,
      port,
      path: "/api/v1/files",
      method: "POST",
      headers: {
        authorization: "Bearer monet_bench",
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": head.length + mib * chunk.length + tail.length,
      },
    },
    (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    },
  );
  req.on("error", reject);
  let i = 0;
  const pump = () => {
    if (i === 0) req.write(head);
    while (i < mib) {
      i++;
      if (!req.write(chunk)) return void req.once("drain", pump);
    }
    req.end(tail);
  };
  pump();
});
await new Promise((r) => setTimeout(r, 300));
const after = hwm();
child.kill("SIGTERM");
console.log(
  JSON.stringify({
    uploadMiB: mib,
    status,
    peakRssMiBBefore: Math.round(before),
    peakRssMiB: Math.round(after),
    growthMiB: Math.round(after - before),
    ratio: +((after - before) / mib).toFixed(2),
  }),
);
