// Raw HTTP/1.1 over node:net: requests no well-behaved client would send, and a small reader
// for the answer (status, headers, de-chunked body).
import net from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, as received. */
  raw: string;
}

/** Sends `text` as is and reads until the server closes the connection (or 15 s pass). */
export function rawRequest(port: number, text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let raw = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (raw += chunk));
    socket.on("error", () => socket.destroy());
    const timer = setTimeout(() => socket.destroy(), 15_000);
    socket.on("close", () => {
      clearTimeout(timer);
      try {
        resolve(parse(raw));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** A request with CRLF line ends and `Connection: close`, from a request line and header lines. */
export const http11 = (requestLine: string, headers: string[] = ["Host: 127.0.0.1"], body = "") =>
  [requestLine, ...headers, ...(body ? [`Content-Length: ${Buffer.byteLength(body)}`] : []), "Connection: close", "", body].join("\r\n");

function parse(raw: string): RawAnswer {
  if (!raw) return { status: 0, headers: {}, body: "", raw };
  const end = raw.indexOf("\r\n\r\n");
  const [statusLine, ...lines] = raw.slice(0, end < 0 ? raw.length : end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    const name = line.slice(0, i).trim().toLowerCase();
    headers[name] = headers[name] === undefined ? line.slice(i + 1).trim() : `${headers[name]}, ${line.slice(i + 1).trim()}`;
  }
  let body = end < 0 ? "" : raw.slice(end + 4);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    let out = "";
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf("\r\n", at);
      const size = parseInt(body.slice(at, lineEnd), 16);
      if (!size) break;
      out += body.slice(lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    body = out;
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: Buffer.from(body, "latin1").toString("utf8"), raw };
}
