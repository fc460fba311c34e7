// The paths the mock knows and the methods each allows, for routing and for 405 + Allow. The API
// paths are the spec's, from the operations table (generated); as in OpenAPI, a concrete path
// wins over a templated one, so /tasks/list is never getTask("list").
import { type OperationId, operations } from "./generated/operations.gen.js";

export type ApiOp = OperationId;
export type ControlOp = "faults.list" | "faults.add" | "faults.clear" | "tasks" | "files" | "reset" | "health" | "advance" | "tasks.advance";

type Methods<Op> = Record<string, Op>;

/** Each spec path, as its segments, with the operation of each method. */
const API = new Map<string, { segments: string[]; methods: Methods<ApiOp> }>();
for (const op of Object.values(operations)) {
  const entry = API.get(op.path) ?? { segments: op.path.split("/"), methods: {} };
  entry.methods[op.method] = op.operationId;
  API.set(op.path, entry);
}
const templated = [...API.values()].filter((e) => e.segments.some((s) => s.startsWith("{")));

const CONTROL: Record<string, Methods<ControlOp>> = {
  "/__mock/faults": { GET: "faults.list", POST: "faults.add", DELETE: "faults.clear" },
  "/__mock/tasks": { GET: "tasks" },
  "/__mock/files": { GET: "files" },
  "/__mock/reset": { POST: "reset" },
  "/__mock/advance": { POST: "advance" },
  "/__mock/health": { GET: "health" },
};

export interface Route<Op> {
  methods: Methods<Op>;
  /** The raw (still percent-encoded) path arguments, by the spec's names: `{ taskId }`. */
  params: Record<string, string>;
}

export function apiRoute(path: string): Route<ApiOp> | undefined {
  const fixed = API.get(path);
  if (fixed && !templated.includes(fixed)) return { methods: fixed.methods, params: {} };
  const segments = path.split("/");
  for (const e of templated) {
    if (e.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    // A path argument is one non-empty segment.
    const matches = e.segments.every((s, i) => {
      if (!s.startsWith("{")) return s === segments[i];
      params[s.slice(1, -1)] = segments[i];
      return segments[i] !== "";
    });
    if (matches) return { methods: e.methods, params };
  }
  return undefined;
}

/** A task's own control path: its id is one segment, still percent-encoded. */
const TASK_ADVANCE = /^\/__mock\/tasks\/([^/]+)\/advance$/;

export function controlRoute(path: string): Route<ControlOp> | undefined {
  const methods = Object.hasOwn(CONTROL, path) ? CONTROL[path] : undefined;
  if (methods) return { methods, params: {} };
  const task = TASK_ADVANCE.exec(path);
  return task ? { methods: { POST: "tasks.advance" }, params: { taskId: task[1] } } : undefined;
}

/** The operation for this method: HEAD is served as GET (Node sends no body). */
export function operation<Op>(route: Route<Op>, method: string): Op | undefined {
  return Object.hasOwn(route.methods, method) ? route.methods[method] : method === "HEAD" ? route.methods.GET : undefined;
}

/** Methods as an Allow list: them, HEAD beside GET, and OPTIONS (CORS preflight). */
const allowList = (m: string[]) => [...m, ...(m.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");

/** The Allow header of a route: its methods, HEAD beside GET, and OPTIONS (CORS preflight). */
export function allow(route: Route<unknown>): string {
  return allowList(Object.keys(route.methods));
}

/** Every method some API path of the operations table has, as an Allow list (for a path the table does not know). */
export const API_METHODS = allowList([...new Set(Object.values(operations).map((op) => op.method as string))]);

/** An HTTP method name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The methods a preflight for this API path allows: the route's own (as its 405's Allow), else
 * every API method. A method the route lacks that the page asks for is allowed too, so the call
 * itself gets the readable 405 naming the right method (a fetch that forgot `method: "POST"`)
 * instead of "Failed to fetch".
 */
export function preflightMethods(path: string, asked?: string): string {
  const route = apiRoute(path);
  if (!route) return API_METHODS;
  const own = allow(route);
  return asked && TOKEN.test(asked) && !own.split(", ").includes(asked) ? `${own}, ${asked}` : own;
}
