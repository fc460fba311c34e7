// The paths the mock knows and the methods each allows, for routing and for 405 + Allow. The API
// paths are the spec's (a test holds this table to openapi/dist); as in OpenAPI, a concrete path
// wins over a templated one, so /tasks/list is never getTask("list").

export type ApiOp = "createTask" | "createTaskStream" | "listTasks" | "getTask" | "uploadFile";
export type ControlOp = "faults.list" | "faults.add" | "faults.clear" | "tasks" | "files" | "reset" | "health";

type Methods<Op> = Record<string, Op>;

const API: Record<string, Methods<ApiOp>> = {
  "/api/v1/tasks/async": { POST: "createTask" },
  "/api/v1/tasks/sync": { POST: "createTaskStream" },
  "/api/v1/tasks/list": { GET: "listTasks" },
  "/api/v1/files": { POST: "uploadFile" },
};
const TASK: Methods<ApiOp> = { GET: "getTask" };
const TASK_PATH = /^\/api\/v1\/tasks\/([^/]+)$/;

const CONTROL: Record<string, Methods<ControlOp>> = {
  "/__mock/faults": { GET: "faults.list", POST: "faults.add", DELETE: "faults.clear" },
  "/__mock/tasks": { GET: "tasks" },
  "/__mock/files": { GET: "files" },
  "/__mock/reset": { POST: "reset" },
  "/__mock/health": { GET: "health" },
};

export interface Route<Op> {
  methods: Methods<Op>;
  /** The raw (still percent-encoded) {taskId} of getTask. */
  taskId?: string;
}

export function apiRoute(path: string): Route<ApiOp> | undefined {
  const fixed = API[path];
  if (fixed) return { methods: fixed };
  const m = TASK_PATH.exec(path);
  return m ? { methods: TASK, taskId: m[1] } : undefined;
}

export function controlRoute(path: string): Route<ControlOp> | undefined {
  const methods = CONTROL[path];
  return methods && { methods };
}

/** The operation for this method: HEAD is served as GET (Node sends no body). */
export function operation<Op>(route: Route<Op>, method: string): Op | undefined {
  return Object.hasOwn(route.methods, method) ? route.methods[method] : method === "HEAD" ? route.methods.GET : undefined;
}

/** The Allow header of a route: its methods, HEAD beside GET, and OPTIONS (CORS preflight). */
export function allow(route: Route<unknown>): string {
  const m = Object.keys(route.methods);
  return [...m, ...(m.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}
