// The stateful simulator of the Monet API on node:http: every operation of the spec, bearer
// auth, idempotency, uploads, SSE progress, CORS, faults and a /__mock/ control surface.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { validateInput } from "@monet-ai/models/validate";
import { FileStore } from "./files.js";
import { Faults } from "./faults.js";
import type { Fault, MockOptions } from "./options.js";
import { placeholders } from "./placeholders.js";
import { CORS_HEADERS, nextRequestId, readBody, sendError, sendJson } from "./respond.js";
import { TaskStore, type StoredTask, type TaskType } from "./tasks.js";
import { streamTask } from "./stream.js";

export interface MockServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The simulator's state, for tests: tasks, files and faults. */
  state: { tasks: TaskStore; files: FileStore; faults: Faults };
}

const TYPES = new Set(["video", "image", "music"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** JSON with sorted keys, so the same request body always compares equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

export async function startMockServer(options: MockOptions = {}): Promise<MockServer> {
  const taskDuration = options.taskDuration ?? 3000;
  const tasks = new TaskStore(taskDuration);
  const files = new FileStore(options.fileLifetime ?? 24 * 60 * 60 * 1000);
  const faults = new Faults();
  for (const f of options.faults ?? []) faults.add(f);
  let origin = options.publicUrl ?? "";
  const log = options.logger;

  async function createFromBody(req: IncomingMessage, res: ServerResponse, owner: string): Promise<{ task: StoredTask; replay: boolean } | undefined> {
    let body: unknown;
    let text: string;
    try {
      text = (await readBody(req, 1024 * 1024)).toString("utf8");
      body = JSON.parse(text);
    } catch {
      sendError(res, 400, "invalid_request", "The request body is not valid JSON.");
      return;
    }
    const details: { field: string; message: string }[] = [];
    const b = body as Record<string, unknown>;
    if (!b || typeof b !== "object" || Array.isArray(b)) details.push({ field: "", message: "the body must be a JSON object with type, input and idempotency_key" });
    else {
      for (const k of Object.keys(b)) if (!["type", "input", "idempotency_key"].includes(k)) details.push({ field: k, message: `${k} is not a field of a task request` });
      if (typeof b.idempotency_key !== "string" || !b.idempotency_key)
        details.push({ field: "idempotency_key", message: "idempotency_key is required: a unique value (a UUID) per logical request" });
      if (!TYPES.has(b.type as string)) details.push({ field: "type", message: `type must be one of video, image, music (got ${JSON.stringify(b.type)})` });
      else for (const i of validateInput(b.type as string, b.input)) details.push({ field: i.path ? `input.${i.path}` : "input", message: i.message });
    }
    if (details.length) {
      sendError(res, 422, "validation_error", details.map((d) => d.message).join("; "), { details });
      return;
    }
    const key = b.idempotency_key as string;
    const existing = tasks.forKey(owner, key);
    if (existing) {
      // Same bytes, or the same JSON in another key order, is a replay; anything else a conflict.
      if (existing.body !== text && canonical(JSON.parse(existing.body)) !== canonical(body)) {
        sendError(res, 409, "conflict", "idempotency_key was already used with a different request body.");
        return;
      }
      return { task: existing, replay: true };
    }
    return { task: tasks.create(owner, key, b.type as TaskType, b.input as { model: string }, text), replay: false };
  }

  async function upload(req: IncomingMessage, res: ServerResponse) {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("multipart/form-data")) return sendError(res, 400, "invalid_request", "Send the file as multipart/form-data with a field named file.");
    let form: FormData;
    try {
      // Node's own WHATWG body parser: no dependency, and uploads are kept in memory anyway.
      form = await new Response(new Uint8Array(await readBody(req)), { headers: { "content-type": type } }).formData();
    } catch (e) {
      if ((e as { status?: number }).status === 413) return sendError(res, 413, "payload_too_large", "The file is too large.");
      return sendError(res, 400, "invalid_request", "The multipart body could not be read.");
    }
    const file = form.get("file");
    if (!file || typeof file === "string") return sendError(res, 400, "invalid_request", "The form has no file field named file.");
    const f = files.add(file.name || "upload", file.type || "application/octet-stream", new Uint8Array(await file.arrayBuffer()));
    sendJson(res, 200, files.view(f, origin));
  }

  type Url = { pathname: string; searchParams: URLSearchParams };

  function pageParams(url: Url) {
    const details: { field: string; message: string }[] = [];
    const read = (name: string, def: number, max?: number) => {
      const raw = url.searchParams.get(name);
      if (raw === null) return def;
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 1 || (max !== undefined && n > max))
        details.push({ field: name, message: `${name} must be a whole number from 1${max ? ` to ${max}` : ""} (got ${JSON.stringify(raw)})` });
      return n;
    };
    return { page: read("page", 1), pageSize: read("pageSize", 20, 100), details };
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: Url) {
    const method = req.method ?? "GET";
    const path = url.pathname;
    const auth = req.headers.authorization ?? "";
    const owner = /^Bearer (monet_\S+)$/.exec(auth)?.[1];

    const fault = faults.take(method, path, ["latency", "rate-limit", "server-error"]);
    if (fault?.kind === "latency") await sleep(fault.ms ?? 1000);
    if (fault?.kind === "rate-limit") {
      req.resume();
      const retry = fault.retryAfter === undefined ? 1 : fault.retryAfter;
      return sendError(res, 429, "rate_limited", "Rate limit exceeded (injected by the mock).", { headers: retry === null ? {} : { "retry-after": String(retry) } });
    }
    if (fault?.kind === "server-error") {
      req.resume();
      const status = fault.status ?? 500;
      return sendError(res, status, status === 503 ? "unavailable" : "internal_error", `Injected server error ${status}.`);
    }
    if (!owner) {
      req.resume();
      return sendError(res, 401, "unauthorized", "Missing or invalid API key. Send Authorization: Bearer $MONET_API_KEY (any monet_... key works on the mock).");
    }

    if (method === "POST" && (path === "/api/v1/tasks/async" || path === "/api/v1/tasks/sync")) {
      const created = await createFromBody(req, res, owner);
      if (!created) return;
      if (path.endsWith("/sync")) {
        const cut = faults.take(method, path, ["cut-stream"]);
        return streamTask(res, tasks, created.task, origin, taskDuration, cut?.afterEvents ?? (cut ? 1 : undefined));
      }
      if (faults.take(method, path, ["drop-after-create"])) return req.socket.destroy();
      return sendJson(res, 200, tasks.view(created.task, origin));
    }
    if (method === "GET" && path === "/api/v1/tasks/list") {
      const { page, pageSize, details } = pageParams(url);
      if (details.length) return sendError(res, 422, "validation_error", details.map((d) => d.message).join("; "), { details });
      const p = tasks.page(owner, page, pageSize);
      const now = Date.now();
      return sendJson(res, 200, { tasks: p.tasks.map((t) => tasks.view(t, origin, now)), page, pageSize, total: p.total });
    }
    const m = /^\/api\/v1\/tasks\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const t = tasks.get(owner, decodeURIComponent(m[1]));
      return t ? sendJson(res, 200, tasks.view(t, origin)) : sendError(res, 404, "not_found", `Task ${decodeURIComponent(m[1])} was not found.`);
    }
    if (method === "POST" && path === "/api/v1/files") return upload(req, res);
    req.resume();
    sendError(res, 404, "not_found", `No operation ${method} ${path}.`);
  }

  function control(req: IncomingMessage, res: ServerResponse, url: Url) {
    const method = req.method ?? "GET";
    const path = url.pathname;
    const file = /^\/__mock\/files\/([^/]+)\/[^/]*$/.exec(path);
    if (method === "GET" && file) {
      const f = files.get(file[1]);
      if (!f) return sendError(res, 404, "not_found", "No such file.");
      if (files.expired(f)) return sendError(res, 410, "expired", "This upload expired: files live for the configured lifetime (24 h by default). Upload it again.");
      res.writeHead(200, { ...CORS_HEADERS, "content-type": f.contentType, "content-length": f.bytes.byteLength });
      return res.end(f.bytes);
    }
    const out = /^\/__mock\/outputs\/[^/]+\/\d+\.(png|mp4|mp3)$/.exec(path);
    if (method === "GET" && out) {
      const p = placeholders[out[1] as keyof typeof placeholders];
      res.writeHead(200, { ...CORS_HEADERS, "content-type": p.contentType, "content-length": p.bytes.byteLength, "cache-control": "public, max-age=86400" });
      return res.end(p.bytes);
    }
    if (method === "GET" && path === "/__mock/files") return sendJson(res, 200, { files: files.list(origin) });
    if (method === "GET" && path === "/__mock/tasks") {
      const now = Date.now();
      return sendJson(res, 200, { tasks: tasks.all().map((t) => ({ ...tasks.view(t, origin, now), owner_hint: t.owner.slice(0, 8) })) });
    }
    if (method === "GET" && path === "/__mock/faults") return sendJson(res, 200, { faults: faults.list() });
    if (method === "DELETE" && path === "/__mock/faults") return faults.clear(), sendJson(res, 200, { faults: [] });
    if (method === "POST" && path === "/__mock/faults")
      return readBody(req).then((b) => {
        try {
          const parsed = JSON.parse(b.toString("utf8")) as Fault | Fault[];
          for (const f of Array.isArray(parsed) ? parsed : [parsed]) faults.add(f);
          sendJson(res, 200, { faults: faults.list() });
        } catch (e) {
          sendError(res, 400, "invalid_request", (e as Error).message);
        }
      });
    if (method === "POST" && path === "/__mock/reset") return tasks.clear(), files.clear(), faults.clear(), sendJson(res, 200, { ok: true });
    if (method === "GET" && path === "/__mock/health") return sendJson(res, 200, { ok: true, tasks: tasks.size });
    sendError(res, 404, "not_found", `No control endpoint ${method} ${path}.`);
  }

  const server = http.createServer((req, res) => {
    const start = log ? performance.now() : 0;
    res.setHeader("x-request-id", nextRequestId());
    if (log) res.on("finish", () => log(`${req.method} ${req.url?.split("?")[0]} ${res.statusCode} ${Math.round(performance.now() - start)}ms`));
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS);
      return res.end();
    }
    // Split path and query by hand: a URL object per request costs more than the rest of a GET.
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const url = { pathname: q < 0 ? raw : raw.slice(0, q), searchParams: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
    const handle = url.pathname.startsWith("/__mock/") ? control(req, res, url) : api(req, res, url);
    Promise.resolve(handle).catch((e) => {
      if (!res.headersSent) sendError(res, 500, "internal_error", `Mock error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  if (!origin) origin = url;
  return {
    url,
    port,
    state: { tasks, files, faults },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
