// The stateful simulator of the Monet API on node:http: every operation of the spec, bearer
// auth, idempotency, uploads, SSE progress, CORS, faults, a steady rate limit, a /__mock/ control
// surface that only local callers reach, and a page for a person who opens the root URL.
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { showValue, validateInput } from "@monet-ai/models/validate";
import { type Advance, checkAdvance, checkClockAdvance } from "./advance-check.js";
import { bearerKey } from "./bearer.js";
import { BodyIdle, BodyTooLarge, BudgetFull, readBody } from "./body.js";
import { byteRange, rangeHeaders } from "./byte-range.js";
import { Clock } from "./clock.js";
import { MAX_CONTROL_BYTES, MAX_JSON_BYTES, resolveOptions } from "./config.js";
import { ControlGuard, isJson } from "./control-guard.js";
import { CONTENT_CORS, fileHeaders, safeContentType } from "./downloads.js";
import { errorCode } from "./error-codes.js";
import { exampleTask } from "./example-task.js";
import { checkFaults } from "./fault-check.js";
import { Faults } from "./faults.js";
import { FileStore } from "./files.js";
import { operations } from "./generated/operations.gen.js";
import { successExamples } from "./generated/success-examples.gen.js";
import { TASK_REQUEST_FIELDS, TASK_TYPES } from "./generated/task-rules.gen.js";
import { HOME_HEADERS, homePage, wantsHtml } from "./home.js";
import { Ids } from "./ids.js";
import { parseSize, pngOfSize } from "./image-size.js";
import { keptName } from "./kept-name.js";
import { type FilePart, filePart, multipartBoundary, RepeatedPart } from "./multipart.js";
import { EXAMPLE_HEADER, notSimulatedLine } from "./not-simulated.js";
import type { MockOptions } from "./options.js";
import { BadEncoding, readParams } from "./params.js";
import { placeholders } from "./placeholders.js";
import { TokenBuckets } from "./rate-limit.js";
import { bodyIssues, bodyRequired, hasJsonBody } from "./request-body.js";
import { fingerprint, sameRequest } from "./request-fingerprint.js";
import { hostOrigin, isWildcard } from "./request-origin.js";
import { CORS_HEADERS, type MockResponse, preflightHeaders, responseWith, sendError, sendJson } from "./respond.js";
import { allow, apiRoute, controlRoute, operation, preflightMethods, type Route } from "./routes.js";
import { streamTask } from "./stream.js";
import { type AdvanceTarget, type Failure, LATE_FAILURE, type StoredTask, TaskStore, type TaskType, type TaskView } from "./tasks.js";

export interface MockServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /**
   * Moves a task on now, without waiting `taskDuration`: to `"success"`, to `"failed"` (with
   * `error.code`/`message` when given), or to a progress (0 to 100 in steps of 10). Polling and
   * streams see it at once. Returns the task as the API shows it; throws a TypeError naming a bad
   * argument, or an Error when the task does not exist or has already finished otherwise.
   */
  advanceTask(id: string, to: AdvanceTarget, error?: { code?: string; message?: string }): TaskView;
  /** Moves the mock's clock forward by `ms` for every task and upload; returns the new time (ISO). */
  advanceClock(ms: number): string;
  /** The simulator's state, for tests: tasks, files and faults. */
  state: {
    tasks: TaskStore;
    files: FileStore;
    faults: Faults;
    /** Bytes of the uploads being read now, counted as they arrive (at most maxStoredBytes). */
    uploading(): number;
  };
}

const TYPES = new Set<string>(TASK_TYPES);
const TASK_FIELDS = new Set<string>(TASK_REQUEST_FIELDS);
/** The form field an upload's file comes in (the spec's FileUpload; the operations table's). */
const FILE_FIELD = operations.uploadFile.multipart.fileField;

/** Room for the multipart headers and boundaries around the largest file. */
const MULTIPART_SLACK = 64 * 1024;
const MiB = 1024 * 1024;
const size = (n: number) => (n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`);
/** Who a request is: its API key as kept (kept-name.ts: a digest of a long one), or undefined without a valid key. */
const ownerOf = (req: IncomingMessage) => {
  const key = bearerKey(req.headers.authorization);
  return key && keptName(key);
};
const KEY_HELP = "Send Authorization: Bearer $MONET_API_KEY (any monet_... key works on the mock).";

/**
 * Control characters never belong in a file name (they would reach headers and listings). Cut at
 * 255 characters, not UTF-16 units: a cut through an emoji left half of it, which no URL can encode.
 */
const cleanName = (name: string) =>
  Array.from(name.replace(/\p{Cc}/gu, ""))
    .slice(0, 255)
    .join("");

export async function startMockServer(options: MockOptions = {}): Promise<MockServer> {
  const config = resolveOptions(options);
  const { taskDuration } = config;
  const clock = new Clock(config.now);
  const now = () => clock.now();
  const ids = new Ids(config.seed);
  const tasks = new TaskStore(taskDuration, config.maxTasks, now, ids);
  const files = new FileStore({ lifetime: config.fileLifetime, maxBytes: config.maxStoredBytes, maxFiles: config.maxFiles }, now, ids);
  const faults = new Faults();
  for (const f of options.faults ?? []) faults.add(f);
  const limiter = config.rate && new TokenBuckets(config.rate);
  const guard = new ControlGuard(config.controlHosts);
  /** The origin in file and output URLs: publicUrl, else the server's URL (set once it listens). */
  let fixedOrigin = options.publicUrl ?? "";
  /** Listening on every interface with no publicUrl: URLs follow the request's Host (request-origin.ts). */
  let fromHost = false;
  const originOf = (req: IncomingMessage) => (fromHost && hostOrigin(req.headers.host)) || fixedOrigin;
  const log = options.logger;
  /** The operations answered with their documented example so far (each is logged once). */
  const notSimulated = new Set<string>();
  /** What validation errors link to, made once (not per request). */
  const validateOptions = { docsUrl: `${config.docsUrl.replace(/\/+$/, "")}/` };

  function tooLarge(res: MockResponse, e: BodyTooLarge, what: string, headers: Record<string, string> = CORS_HEADERS) {
    sendError(res, 413, "payload_too_large", `${what} is larger than the mock accepts (${size(e.limit)}).`, {
      headers: e.close ? { ...headers, connection: "close" } : headers,
    });
  }

  /** The body as text, or undefined once an error was answered (400/413) or the client left. */
  async function bodyText(req: IncomingMessage, res: MockResponse, limit: number, what: string, headers: Record<string, string> = CORS_HEADERS) {
    try {
      return (await readBody(req, limit)).toString("utf8");
    } catch (e) {
      if (e instanceof BodyTooLarge) tooLarge(res, e, what, headers);
      else res.destroy();
      return undefined;
    }
  }

  async function createFromBody(
    req: IncomingMessage,
    res: MockResponse,
    owner: string,
    op: "createTask" | "createTaskStream",
  ): Promise<{ task: StoredTask; replay: boolean } | undefined> {
    if (!isJson(req)) {
      // The spec's 415: a body sent as text/plain (a fetch without the header) or as a form.
      req.resume();
      const type = req.headers["content-type"];
      sendError(
        res,
        415,
        "unsupported_media_type",
        `Send the task request as JSON: Content-Type: ${operations[op].body.contentType} (got ${type ? JSON.stringify(type.slice(0, 100)) : "no Content-Type"}).`,
      );
      return;
    }
    const text = await bodyText(
      req,
      res,
      MAX_JSON_BYTES,
      `The task request (a few hundred bytes normally; upload media with ${operations.uploadFile.method} ${operations.uploadFile.path})`,
    );
    if (text === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      sendError(res, 400, "invalid_request", "The request body is not valid JSON.");
      return;
    }
    const details: { field: string; message: string }[] = [];
    const b = body as Record<string, unknown>;
    if (!b || typeof b !== "object" || Array.isArray(b))
      details.push({ field: "", message: `the body must be a JSON object with ${TASK_REQUEST_FIELDS.join(", ")}` });
    else {
      for (const k of Object.keys(b)) if (!TASK_FIELDS.has(k)) details.push({ field: k, message: `${k} is not a field of a task request` });
      const key = b.idempotency_key;
      const why = key === undefined ? "is required" : typeof key !== "string" ? `must be a string (got ${showValue(key)})` : key ? "" : "must not be empty";
      if (why) details.push({ field: "idempotency_key", message: `idempotency_key ${why}: a unique value (a UUID) per logical request` });
      if (typeof b.type !== "string" || !TYPES.has(b.type))
        details.push({ field: "type", message: `type must be one of ${TASK_TYPES.join(", ")} (got ${showValue(b.type)})` });
      // Named from the top of the body, as the client names them (input.duration, input.model).
      else
        for (const i of validateInput(b.type, b.input, validateOptions))
          details.push(i.path ? { field: `input.${i.path}`, message: `input.${i.message}` } : { field: "input", message: i.message });
    }
    if (details.length) {
      sendError(res, 422, "validation_error", details.map((d) => d.message).join("; "), { details });
      return;
    }
    const key = b.idempotency_key as string;
    const existing = tasks.forKey(owner, key);
    if (existing) {
      // Same bytes, or the same JSON in another key order, is a replay; anything else a conflict.
      if (!sameRequest(existing.request, text, body)) {
        sendError(
          res,
          409,
          "conflict",
          "idempotency_key was already used with a different request body: use a new key for each new request (the same key only to retry the same request).",
        );
        return;
      }
      return { task: existing, replay: true };
    }
    const input = b.input as { model: string };
    // A task-failed fault picks the next new task (of its model, when it names one); a replay keeps its task.
    const f = faults.take(req.method ?? "POST", req.url?.split("?")[0] ?? "", ["task-failed"], input.model);
    const failure: Failure | undefined = f && {
      ...(f.at === undefined ? LATE_FAILURE : { at: f.at / 100, progress: f.at }),
      code: f.code ?? "generation_failed",
      message: f.message ?? "The mock failed this task (a task-failed fault from POST /__mock/faults).",
    };
    return { task: tasks.create(owner, key, b.type as TaskType, input, fingerprint(text, body), undefined, failure), replay: false };
  }

  /**
   * Bytes that uploads being read hold at once: at most maxStoredBytes, like the stored files.
   * Counted as they arrive, not as announced: a chunked upload (no Content-Length) was counted as
   * the largest one, so two small ones at once filled the budget, and two idle connections
   * announcing 512 MiB each blocked every upload until Node's 300 s request timeout.
   */
  let uploading = 0;

  async function upload(req: IncomingMessage, res: MockResponse, owner: string) {
    const boundary = multipartBoundary(req.headers["content-type"] ?? "");
    if (!boundary) {
      req.resume();
      return sendError(res, 400, "invalid_request", `Send the file as ${operations.uploadFile.body.contentType} with a field named ${FILE_FIELD}.`);
    }
    let held = 0;
    const take = (bytes: number) => {
      if (uploading + bytes > config.maxStoredBytes) return false;
      uploading += bytes;
      held += bytes;
      return true;
    };
    let body: Buffer;
    try {
      // The whole request in one buffer; the stored file is a view into it (held once).
      body = await readBody(req, config.maxUploadBytes + MULTIPART_SLACK, { take, idleMs: config.uploadIdleTimeout });
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge(res, new BodyTooLarge(config.maxUploadBytes, e.close), "The file");
      // Six 400 MiB uploads held back before their last byte kept 2.5 GB at once.
      if (e instanceof BudgetFull)
        return sendError(
          res,
          503,
          "unavailable",
          `Too many uploads at once: the mock reads at most ${size(config.maxStoredBytes)} of them together (maxStoredBytes). Retry shortly.`,
          { headers: { ...CORS_HEADERS, "retry-after": "1", ...(e.close && { connection: "close" }) } },
        );
      if (e instanceof BodyIdle)
        return sendError(res, 408, errorCode(408), `The upload stopped: no byte arrived for ${e.idleMs} ms (uploadIdleTimeout). Send the file again.`, {
          headers: { ...CORS_HEADERS, connection: "close" },
        });
      return res.destroy();
    } finally {
      uploading -= held;
    }
    let part: FilePart | undefined;
    try {
      part = filePart(body, boundary, FILE_FIELD);
    } catch (e) {
      if (e instanceof RepeatedPart)
        return sendError(res, 422, "validation_error", `${e.message}. Upload one file per request.`, {
          details: [{ field: e.field, message: e.message }],
        });
      return sendError(res, 400, "invalid_request", "The multipart body could not be read.");
    }
    if (!part) return sendError(res, 400, "invalid_request", `The form has no file field named ${FILE_FIELD}.`);
    if (part.bytes.byteLength > config.maxUploadBytes) return tooLarge(res, new BodyTooLarge(config.maxUploadBytes), "The file");
    // A small file in a large read buffer is copied, so it does not keep the whole buffer alive.
    const bytes = part.bytes.byteLength * 2 < part.bytes.buffer.byteLength ? Buffer.from(part.bytes) : part.bytes;
    const f = files.add(owner, cleanName(part.filename) || "upload", safeContentType(part.contentType || "application/octet-stream"), bytes);
    sendJson(res, 200, files.view(f, originOf(req)));
  }

  /** The request's path, and its query. */
  type Url = { pathname: string; query: string };

  /**
   * The operation's path and query arguments checked against its row of the operations table
   * (params.ts: one check for every operation): their values with the spec's defaults, or
   * undefined once the problem was answered (400 for malformed encoding, 422 naming each parameter).
   */
  function argsOf(res: MockResponse, op: keyof typeof operations, params: Record<string, string>, query: string) {
    let read: ReturnType<typeof readParams>;
    try {
      read = readParams(operations[op], params, query);
    } catch (e) {
      if (!(e instanceof BadEncoding)) throw e;
      return void sendError(res, 400, "invalid_request", e.message);
    }
    const { issues, values } = read;
    if (issues.length) return void sendError(res, 422, "validation_error", issues.map((d) => d.message).join("; "), { details: issues });
    return values;
  }

  function notAllowed(req: IncomingMessage, res: MockResponse, route: Route<unknown>, path: string, headers: Record<string, string>) {
    req.resume();
    const allowed = allow(route);
    sendError(res, 405, "method_not_allowed", `${req.method} is not allowed on ${path}; use ${allowed}.`, { headers: { ...headers, allow: allowed } });
  }

  function rateLimited(res: MockResponse, waitMs: number, rate: string) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    sendError(res, 429, "rate_limited", `Rate limit exceeded: ${rate} per API key. Retry after ${seconds} s.`, {
      headers: { ...CORS_HEADERS, "retry-after": String(seconds), "retry-after-ms": String(Math.ceil(waitMs)) },
    });
  }

  /**
   * An operation of the spec the mock does not simulate: its path and query arguments are checked
   * against the table like every operation's, and a JSON body against the spec's schema of it
   * (request-body.ts: 400 when it is not JSON, 422 naming each field); then it gets the spec's
   * documented success response (status and example body), or 501 when the spec documents none.
   */
  async function documented(
    req: IncomingMessage,
    res: MockResponse,
    op: keyof typeof operations,
    params: Record<string, string>,
    query: string,
    method: string,
    path: string,
  ) {
    if (!argsOf(res, op, params, query)) return void req.resume();
    if (!hasJsonBody(op)) req.resume();
    else {
      const text = await bodyText(req, res, MAX_JSON_BYTES, `The body of ${op}`);
      if (text === undefined) return;
      if (text || bodyRequired(op)) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return sendError(res, 400, "invalid_request", `The request body is not valid JSON${text ? "" : ` (${op} requires one)`}.`);
        }
        const issues = await bodyIssues(op, body);
        if (issues.length) return sendError(res, 422, "validation_error", issues.map((d) => d.message).join("; "), { details: issues });
      }
    }
    const example = Object.hasOwn(successExamples, op) ? successExamples[op] : undefined;
    if (!example)
      return sendError(
        res,
        501,
        "not_implemented",
        `The mock does not simulate ${op} (${method} ${path}) yet, and the spec documents no example of its success response.`,
      );
    // The answer looks real (a cancel of any id answers the example's task): said on the console,
    // once per operation, and on every answer by its header, which a page can read (CORS exposes it).
    if (!notSimulated.has(op)) {
      notSimulated.add(op);
      log?.(notSimulatedLine(op));
    }
    if (example.contentType === null) {
      res.writeHead(example.status, { ...CORS_HEADERS, ...EXAMPLE_HEADER });
      return res.end();
    }
    // A JSON type's example is a value to serialise; any other type's (an event stream's) is its text.
    const json = /^application\/(.+\+)?json$/.test(example.contentType);
    const text = json || typeof example.body !== "string" ? JSON.stringify(example.body) : example.body;
    res.writeHead(example.status, {
      ...CORS_HEADERS,
      ...EXAMPLE_HEADER,
      "content-type": example.contentType,
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  async function api(req: IncomingMessage, res: MockResponse, url: Url) {
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (method === "OPTIONS") {
      res.writeHead(204, preflightHeaders(req.headers["access-control-request-headers"], preflightMethods(path, req.headers["access-control-request-method"])));
      return res.end();
    }
    const route = apiRoute(path);
    const op = route && operation(route, method);
    const origin = originOf(req);
    // A method the path never allows is 405 whoever asks: no key can make it work.
    if (route && !op) return notAllowed(req, res, route, path, CORS_HEADERS);

    const fault = faults.take(method, path, ["latency", "rate-limit", "server-error", "status"]);
    if (fault?.kind === "latency") await sleep(fault.ms ?? 1000);
    if (fault?.kind === "rate-limit") {
      req.resume();
      const retry = fault.retryAfter === undefined ? 1 : fault.retryAfter;
      return sendError(res, 429, "rate_limited", "Rate limit exceeded (injected by the mock).", {
        headers: retry === null ? CORS_HEADERS : { ...CORS_HEADERS, "retry-after": String(retry) },
      });
    }
    if (fault?.kind === "server-error") {
      req.resume();
      const status = fault.status ?? 500;
      return sendError(res, status, status === 503 ? "unavailable" : "internal_error", `Injected server error ${status}.`);
    }
    if (fault?.kind === "status") {
      req.resume();
      const status = fault.status ?? 500; // set: required for a status fault
      return sendError(res, status, fault.code ?? errorCode(status), fault.message ?? `Injected ${status} (a status fault from POST /__mock/faults).`);
    }
    const owner = ownerOf(req);
    if (!owner) {
      req.resume();
      return sendError(res, 401, "unauthorized", `Missing or invalid API key. ${KEY_HELP}`);
    }
    const now = performance.now();
    const steadyWait = limiter?.take(owner, now) ?? 0;
    const limited = steadyWait > 0 && limiter ? { waitMs: steadyWait, rate: limiter.rate.text } : faults.limited(method, path, owner, now);
    if (limited) {
      req.resume();
      return rateLimited(res, limited.waitMs, limited.rate);
    }

    switch (op) {
      case "createTask":
      case "createTaskStream": {
        const created = await createFromBody(req, res, owner, op);
        if (!created) return;
        if (op === "createTaskStream") {
          const cut = faults.take(method, path, ["cut-stream"]);
          return streamTask(res, tasks, created.task, origin, taskDuration, cut?.afterEvents ?? (cut ? 1 : undefined));
        }
        if (faults.take(method, path, ["drop-after-create"])) return req.socket.destroy();
        return sendJson(res, 200, tasks.view(created.task, origin));
      }
      case "listTasks": {
        const args = argsOf(res, op, {}, url.query);
        if (!args) return;
        const { page, pageSize } = args as { page: number; pageSize: number };
        const p = tasks.page(owner, page, pageSize);
        const at = clock.now();
        return sendJson(res, 200, { tasks: p.tasks.map((t) => tasks.view(t, origin, at)), page, pageSize, total: p.total });
      }
      case "getTask": {
        const params = route?.params ?? {}; // set: getTask is an operation of a matched route
        let read: ReturnType<typeof readParams>;
        try {
          read = readParams(operations.getTask, params, "");
        } catch (e) {
          if (!(e instanceof BadEncoding)) throw e;
          // Malformed percent-encoding names no task: not found, never a server error.
          return sendError(res, 404, "not_found", `Task ${params.taskId} was not found (its id is not valid percent-encoding).`);
        }
        // An id the spec's taskId refuses (a control character) names no task either: the spec
        // documents 404 here, not 422. The answer says which rule the id breaks.
        const { issues, values } = read;
        if (issues.length) return sendError(res, 404, "not_found", `No task has this id: ${issues.map((d) => d.message).join("; ")}.`, { details: issues });
        const id = values.taskId as string; // decoded and checked by readParams
        const t = tasks.get(owner, id);
        if (t) return sendJson(res, 200, tasks.view(t, origin));
        const example = exampleTask(id);
        if (example) return sendJson(res, 200, example, { ...CORS_HEADERS, ...EXAMPLE_HEADER });
        return sendError(res, 404, "not_found", `Task ${id} was not found.`);
      }
      case "uploadFile":
        return upload(req, res, owner);
    }
    if (op && route) return documented(req, res, op, route.params, url.query, method, path);
    req.resume();
    sendError(res, 404, "not_found", `No operation ${method} ${path}.`);
  }

  /** Uploads and outputs: capability URLs, readable from any origin, never a page of the mock. */
  function content(req: IncomingMessage, res: MockResponse, path: string, query: string): boolean {
    const file = /^\/__mock\/files\/([^/]+)\/[^/]*$/.exec(path);
    const out = file ? null : /^\/__mock\/outputs\/([^/]+)\/\d+\.(png|mp4|mp3)$/.exec(path);
    if (!file && !out) return false;
    const method = req.method ?? "GET";
    if (method === "OPTIONS") {
      // Range: a suffix range (bytes=-500) is not a CORS-safelisted value, so a page's seek is preflighted.
      res.writeHead(204, {
        ...CONTENT_CORS,
        "access-control-allow-methods": "GET, HEAD",
        "access-control-allow-headers": "range",
        "access-control-max-age": "600",
      });
      res.end();
      return true;
    }
    if (method !== "GET" && method !== "HEAD") {
      notAllowed(req, res, { methods: { GET: "content" }, params: {} }, path, CONTENT_CORS);
      return true;
    }
    if (out) {
      // Only an output a task has: its task exists (whoever owns it: the URL is the capability)
      // and has finished with this URL. Any other id, index or extension is 404, as a page expects.
      const t = tasks.find(out[1]);
      const own = t && tasks.view(t, fixedOrigin).outputs?.[0]?.url;
      if (!own || new URL(own).pathname !== path) {
        sendError(res, 404, "not_found", "No such output: its task does not exist (or was evicted), or has not finished with this output.", {
          headers: CONTENT_CORS,
        });
        return true;
      }
      const p = placeholders[out[2] as keyof typeof placeholders];
      // An image task's URL names its size (`?size=16x9`, the asked aspect ratio): a PNG of that size.
      const size = out[2] === "png" ? parseSize(new URLSearchParams(query).get("size") ?? "") : undefined;
      const bytes = size ? pngOfSize(...size) : p.bytes;
      serve(req, res, bytes, {
        ...CONTENT_CORS,
        "content-type": p.contentType,
        "content-length": bytes.byteLength,
        "accept-ranges": "bytes",
        "cache-control": "public, max-age=86400",
        "x-content-type-options": "nosniff",
      });
      return true;
    }
    const f = files.get(file?.[1] ?? ""); // set: not an output, so an upload's URL
    if (f === "expired")
      sendError(res, 410, "expired", `This upload expired: files live for ${config.fileLifetime} ms on this mock. Upload it again.`, {
        headers: CONTENT_CORS,
      });
    else if (f === "evicted")
      sendError(res, 410, "evicted", "This upload was evicted to stay under the mock's storage cap (maxStoredBytes, maxFiles). Upload it again.", {
        headers: CONTENT_CORS,
      });
    else if (!f) sendError(res, 404, "not_found", "No such file.", { headers: CONTENT_CORS });
    else serve(req, res, f.bytes, fileHeaders(f, f.created + files.lifetime, files.now()));
    return true;
  }

  /** An upload's or output's bytes: the whole (200), the one range asked for (206), or 416 (byte-range.ts). */
  function serve(req: IncomingMessage, res: MockResponse, bytes: Uint8Array, headers: Record<string, string | number>) {
    const size = bytes.byteLength;
    const range = byteRange(req.headers.range, req.headers["if-range"] !== undefined, size);
    if (range.status === 416)
      return sendError(res, 416, errorCode(416), `The range ${JSON.stringify(req.headers.range?.slice(0, 100))} is outside this file's ${size} bytes.`, {
        headers: { ...CONTENT_CORS, "accept-ranges": "bytes", "content-range": `bytes */${size}` },
      });
    if (range.status === 200) {
      res.writeHead(200, headers);
      return res.end(bytes);
    }
    res.writeHead(206, { ...headers, ...rangeHeaders(range, size) });
    res.end(bytes.subarray(range.start, range.end + 1));
  }

  async function control(req: IncomingMessage, res: MockResponse, url: Url) {
    const path = url.pathname;
    if (content(req, res, path, url.query)) return;
    const method = req.method ?? "GET";
    const refused = guard.refuse(req);
    if (refused) {
      req.resume();
      return sendError(res, refused.status, "forbidden", refused.message, { headers: { vary: "Origin" } });
    }
    const cors = guard.cors(req);
    if (method === "OPTIONS") {
      res.writeHead(204, {
        ...cors,
        "access-control-allow-methods": "GET, POST, DELETE",
        "access-control-allow-headers": "content-type, authorization",
        "access-control-max-age": "600",
      });
      return res.end();
    }
    const route = controlRoute(path);
    if (!route) {
      req.resume();
      return sendError(res, 404, "not_found", `No control endpoint ${method} ${path}.`, { headers: cors });
    }
    const op = operation(route, method);
    if (!op) return notAllowed(req, res, route, path, cors);
    if (method === "POST" && !isJson(req)) {
      req.resume();
      return sendError(res, 415, "unsupported_media_type", "Control requests must be sent as application/json (Content-Type: application/json).", {
        headers: cors,
      });
    }
    const owner = ownerOf(req);
    const origin = originOf(req);
    switch (op) {
      case "health":
        return sendJson(res, 200, { ok: true, tasks: tasks.size }, cors);
      case "faults.list":
        return sendJson(res, 200, { faults: faults.list() }, cors);
      case "faults.clear":
        faults.clear();
        return sendJson(res, 200, { faults: [] }, cors);
      case "faults.add": {
        const text = await bodyText(req, res, MAX_CONTROL_BYTES, "A fault list", cors);
        if (text === undefined) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return sendError(res, 400, "invalid_request", "The body is not valid JSON: send a fault object or a list of them.", { headers: cors });
        }
        const { faults: checked, issues } = checkFaults(parsed);
        if (issues.length) return sendError(res, 422, "validation_error", issues.map((i) => i.message).join("; "), { details: issues, headers: cors });
        for (const f of checked) faults.add(f);
        return sendJson(res, 200, { faults: faults.list() }, cors);
      }
      case "reset": {
        if ((await bodyText(req, res, MAX_CONTROL_BYTES, "A reset body", cors)) === undefined) return;
        tasks.clear();
        files.clear();
        faults.clear();
        return sendJson(res, 200, { ok: true }, cors);
      }
      case "tasks.advance": {
        const body = await controlJson(req, res, 'an advance such as {"to":"success"}', cors);
        if (!body) return;
        const { advance, issues } = checkAdvance(body.value);
        if (!advance) return sendError(res, 422, "validation_error", issues.map((i) => i.message).join("; "), { details: issues, headers: cors });
        let id: string;
        try {
          id = decodeURIComponent(route.params.taskId);
        } catch {
          return sendError(res, 404, "not_found", `Task ${route.params.taskId} was not found (its id is not valid percent-encoding).`, { headers: cors });
        }
        const moved = advanceTask(id, advance, origin);
        if ("task" in moved) return sendJson(res, 200, moved.task, cors);
        return sendError(res, moved.status, moved.status === 404 ? "not_found" : "conflict", moved.message, { headers: cors });
      }
      case "advance": {
        const body = await controlJson(req, res, 'a clock advance such as {"ms":1000}', cors);
        if (!body) return;
        const { ms, issues } = checkClockAdvance(body.value);
        if (ms === undefined) return sendError(res, 422, "validation_error", issues.map((i) => i.message).join("; "), { details: issues, headers: cors });
        return sendJson(res, 200, { now: advanceClock(ms) }, cors);
      }
      case "tasks":
      case "files": {
        // Each key sees its own: no listing of everyone's tasks or uploads.
        if (!owner) return sendError(res, 401, "unauthorized", `The ${op} listing shows one key's own ${op}. ${KEY_HELP}`, { headers: cors });
        if (op === "files") return sendJson(res, 200, { files: files.list(origin, owner) }, cors);
        const at = clock.now();
        return sendJson(
          res,
          200,
          {
            tasks: tasks
              .all()
              .filter((t) => t.owner === owner)
              .map((t) => tasks.view(t, origin, at)),
          },
          cors,
        );
      }
    }
  }

  /** A task moved on by a test: its view, or why not (the status to answer and the message). */
  function advanceTask(id: string, a: Advance, origin: string): { task: TaskView } | { status: number; message: string } {
    const t = tasks.find(id);
    if (!t) return { status: 404, message: `Task ${id} was not found (or was evicted).` };
    const error = {
      code: a.code ?? "generation_failed",
      message: a.message ?? "The mock failed this task (POST /__mock/tasks/{id}/advance).",
    };
    const refused = tasks.advance(t, a.to, error);
    return refused ? { status: 409, message: refused.conflict } : { task: tasks.view(t, origin) };
  }

  function advanceClock(ms: number) {
    clock.advance(ms);
    tasks.changed();
    return new Date(clock.now()).toISOString();
  }

  /** A control request's JSON body, parsed; undefined once a 400 or 413 was answered. */
  async function controlJson(req: IncomingMessage, res: MockResponse, what: string, cors: Record<string, string>): Promise<{ value: unknown } | undefined> {
    const text = await bodyText(req, res, MAX_CONTROL_BYTES, what, cors);
    if (text === undefined) return undefined;
    try {
      return { value: JSON.parse(text) };
    } catch {
      sendError(res, 400, "invalid_request", `The body is not valid JSON: send ${what}.`, { headers: cors });
      return undefined;
    }
  }

  const server = http.createServer({ ServerResponse: responseWith(ids) }, (req, res) => {
    const start = log ? performance.now() : 0;
    if (log) res.on("finish", () => log(`${req.method} ${req.url?.split("?")[0]} ${res.statusCode} ${Math.round(performance.now() - start)}ms`));
    // Split path and query by hand: a URL object per request costs more than the rest of a GET.
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const url = { pathname: q < 0 ? raw : raw.slice(0, q), query: q < 0 ? "" : raw.slice(q + 1) };
    let handle: unknown;
    if (url.pathname === "/" && (req.method === "GET" || req.method === "HEAD") && wantsHtml(req)) {
      const page = homePage(originOf(req), config.docsUrl);
      res.writeHead(200, { ...HOME_HEADERS, "content-length": Buffer.byteLength(page) });
      handle = res.end(page);
    } else handle = url.pathname.startsWith("/__mock/") ? control(req, res, url) : api(req, res, url);
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
  // Expired uploads are freed even when nothing else happens.
  const sweeper = setInterval(() => files.sweep(), Math.min(60_000, Math.max(100, config.fileLifetime / 4)));
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  }).catch((e) => {
    clearInterval(sweeper);
    throw e;
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  fromHost = !options.publicUrl && isWildcard(address);
  // On every interface, a request whose Host is not usable gets loopback URLs, never 0.0.0.0.
  if (!fixedOrigin) fixedOrigin = fromHost ? `http://${address.includes(":") ? "[::1]" : "127.0.0.1"}:${port}` : url;
  return {
    url,
    port,
    state: { tasks, files, faults, uploading: () => uploading },
    advanceTask(id, to, error = {}) {
      const { advance, issues } = checkAdvance({ to, ...error });
      if (!advance) throw new TypeError(`advanceTask: ${issues.map((i) => i.message).join("; ")}`);
      const moved = advanceTask(id, advance, fixedOrigin);
      if ("task" in moved) return moved.task;
      throw new Error(moved.message);
    },
    advanceClock(ms) {
      const { issues } = checkClockAdvance({ ms });
      if (issues.length) throw new TypeError(`advanceClock: ${issues.map((i) => i.message).join("; ")}`);
      return advanceClock(ms);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
