// Starts the built server over stdio with the official MCP SDK client, as an agent's host would,
// optionally declaring roots; and the mock with a log of every request it answered.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { type MockOptions, startMockServer } from "@monet-ai/mock";

export const SERVER = path.resolve(import.meta.dirname, "../dist/index.js");
export const KEY = "monet_mcp_test_key_0123456789";

export interface Started {
  client: Client;
  /** What the server wrote to stderr so far. */
  stderr: () => string;
  /** Replace the client's roots and tell the server they changed. */
  setRoots: (folders: string[]) => Promise<void>;
  close: () => Promise<void>;
  /** How the server's process ended: on its own (a code), or killed by the client's close after 2 s (a signal). */
  exit: Promise<{ code: number | null; signal: string | null }>;
}

export async function startMcp(
  opts: {
    env?: Record<string, string>;
    roots?: string[];
    /** The client's answer to roots/list as it is (raw URIs, an error, no answer), instead of `roots`. */
    listRoots?: () => Promise<{ roots: { uri: string }[] }>;
    cwd?: string;
  } = {},
): Promise<Started> {
  let roots = opts.roots;
  const client = new Client({ name: "test", version: "0" }, roots || opts.listRoots ? { capabilities: { roots: { listChanged: true } } } : {});
  if (opts.listRoots) client.setRequestHandler(ListRootsRequestSchema, opts.listRoots);
  else if (roots)
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots!.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) }));
  const env = { ...(process.env as Record<string, string>) };
  for (const k of Object.keys(env)) if (k.startsWith("MONET_")) delete env[k];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    env: { ...env, MONET_API_KEY: KEY, ...opts.env },
    cwd: opts.cwd,
    stderr: "pipe",
  });
  let err = "";
  transport.stderr?.on("data", (d) => (err += d));
  await client.connect(transport);
  // The SDK keeps its child process private; its end is how the server's own shutdown shows.
  const child = (transport as unknown as { _process: import("node:child_process").ChildProcess })._process;
  const exit = new Promise<{ code: number | null; signal: string | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return {
    exit,
    client,
    stderr: () => err,
    setRoots: async (folders) => {
      roots = folders;
      await client.sendRootsListChanged();
    },
    close: () => client.close(),
  };
}

/** The mock, with every request it answered as `METHOD /path STATUS`. */
export async function startLoggedMock(options: MockOptions = {}) {
  const requests: string[] = [];
  const mock = await startMockServer({ port: 0, taskDuration: 300, ...options, logger: (line) => requests.push(line) });
  return { mock, requests };
}

export const json = (r: any) => JSON.parse(r.content[0].text);
export const text = (r: any): string => r.content.map((c: any) => c.text ?? "").join("\n");

/** A PNG that says which file it is: the signature, then `marker`; one size for every marker (a swap that changed the size would fail otherwise). */
export const markedPng = (marker: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(marker.padEnd(24, "."))]);

/**
 * A loopback API for the race tests: `see` reads each request's whole body (latin1, so file bytes
 * survive), and `answer` gives the status, JSON body and any more headers for its URL.
 */
export async function bodyReadingApi(
  see: (body: string) => void,
  answer: (url: string) => { status: number; body: unknown; headers?: Record<string, string> },
) {
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("latin1");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      see(body);
      const { status, body: out, headers } = answer(req.url ?? "");
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
