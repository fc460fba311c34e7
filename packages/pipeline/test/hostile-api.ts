// A hostile Monet API on loopback for pipeline tests: the test's handler answers every request
// (tasks, lists, uploads, output files) as a lying server would, and every request is recorded.
// A temporary folder holds the pipeline files and the output folder.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Monet } from "@monet-ai/client";
import { createTask, getTask, listTasks, uploadFile } from "@monet-ai/client/operations";

export const KEY = "monet_pipeline_hostile";

/** One request as the server saw it (the body read whole, for the test to look into). */
export interface Seen {
  method: string;
  path: string;
  body: string;
}

/** Answers one request; what it returns is ignored (a promise is awaited). */
export type Handler = (req: Seen, res: http.ServerResponse, api: HostileApi) => unknown;

export interface HostileApi {
  url: string;
  monet: Monet;
  /** Every request, in order. */
  seen: Seen[];
  /** The temporary folder: pipeline files go here, outputs into `out`. */
  dir: string;
  out: string;
  write(name: string, text: string | Uint8Array): string;
  close(): Promise<void>;
}

/** A 1x1 PNG: what output URLs serve. */
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a8b6d60000000049454e44ae426082",
  "hex",
);

export const json = (res: http.ServerResponse, body: unknown, status = 200) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** A task as the API answers it; `urls` become its outputs. */
export const task = (id: string, status: string, urls: string[] = [], type = "image") => ({
  id,
  status,
  type,
  created_at: "2026-02-27T10:00:00Z",
  updated_at: "2026-02-27T10:01:00Z",
  outputs: urls.map((url) => ({ model: "flux-2-dev", status, progress: 100, url })),
});

export const emptyPage = { tasks: [], page: 1, pageSize: 100, total: 0 };

const GET_TASK = new RegExp(`^${getTask.path.replace("{taskId}", "([^/?]+)")}$`);

/** Which operation a request is, by the operations table (the id for a GET of one task). */
export const route = (req: Seen) => ({
  create: req.method === createTask.method && req.path === createTask.path,
  list: req.method === listTasks.method && req.path.split("?")[0] === listTasks.path,
  upload: req.method === uploadFile.method && req.path === uploadFile.path,
  /** Output files, served under /o/. */
  output: req.method === "GET" && req.path.startsWith("/o/"),
  get:
    req.method === getTask.method && req.path.split("?")[0] !== listTasks.path
      ? decodeURIComponent(GET_TASK.exec(req.path)?.[1] ?? "") || undefined
      : undefined,
});

export async function startHostileApi(handler: Handler): Promise<HostileApi> {
  const seen: Seen[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-pipeline-hostile-"));
  let api: HostileApi;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s: Seen = { method: req.method ?? "", path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") };
    seen.push(s);
    try {
      await handler(s, res, api);
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = {
    url,
    monet: new Monet({ apiKey: KEY, baseUrl: url }),
    seen,
    dir,
    out: path.join(dir, "out"),
    write(name, text) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }).finally(() => fs.rmSync(dir, { recursive: true, force: true })),
  };
  return api;
}

/** `p`, or a rejection naming what hung once `ms` have passed (the test fails instead of timing out). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
