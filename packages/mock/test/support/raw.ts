// Raw HTTP/1.1 over a TCP socket: exact bytes out (any Host, Origin, method or target), and the
// responses parsed by hand, so a reset or a half-sent answer fails the test instead of hiding
// behind a client's retries.
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `data` (one or more requests) and reads `count` responses (Content-Length framed). */
export function raw(port: number, data: (string | Buffer)[], count = 1): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    let buf = Buffer.alloc(0);
    const out: RawResponse[] = [];
    const parse = () => {
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, end).toString("latin1").split("\r\n");
        const headers: Record<string, string> = {};
        for (const l of lines) {
          const i = l.indexOf(":");
          headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
        }
        const status = Number(statusLine.split(" ")[1]);
        if (status === 100) {
          buf = buf.subarray(end + 4);
          continue;
        }
        const len = Number(headers["content-length"] ?? 0);
        if (buf.length < end + 4 + len) return;
        out.push({ status, headers, body: buf.subarray(end + 4, end + 4 + len).toString("utf8") });
        buf = buf.subarray(end + 4 + len);
        if (out.length === count) {
          sock.destroy();
          return resolve(out);
        }
      }
    };
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      parse();
    });
    sock.on("error", (e) => reject(Object.assign(e, { responses: out })));
    sock.on("end", () => reject(new Error(`connection closed after ${out.length} of ${count} responses`)));
    sock.on("connect", async () => {
      for (const d of data) if (!sock.write(d)) await new Promise((r) => sock.once("drain", r));
    });
  });
}

/** One request with a body; headers are written as given (plus Content-Length unless chunked). */
export function request(port: number, method: string, target: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawResponse> {
  const h = { host: `127.0.0.1:${port}`, connection: "close", ...headers };
  if (body !== undefined && !("transfer-encoding" in h)) (h as Record<string, string>)["content-length"] = String(Buffer.byteLength(body));
  const head = `${method} ${target} HTTP/1.1\r\n${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n`;
  return raw(port, body === undefined ? [head] : [head, body]).then((r) => r[0]);
}

export const json = (r: RawResponse) => JSON.parse(r.body);
