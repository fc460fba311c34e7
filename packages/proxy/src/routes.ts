// Which API operation a request path names, if any. The operations come from the spec
// (generated); a path parameter matches one plain segment only, so an encoded "/" or ".."
// cannot walk the upstream to a path outside the allowlist.
import { operations } from "./generated/operations.gen.js";

/** An operation of the spec, by its id (the generated table's keys). */
export type OperationId = keyof typeof operations;

/** What a request calls: the operation, and its path parameters as the browser sent them (decoded). */
export interface ProxiedOperation {
  operationId: OperationId;
  params: Record<string, string>;
}

interface ParamRule {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const OPERATIONS = Object.values(operations).map((r) => ({
  id: r.operationId as OperationId,
  method: r.method as string,
  segments: r.path.split("/"),
  // The spec's rule for each path parameter (its lengths and pattern), as the client applies it.
  rules: Object.fromEntries(
    (r.params as readonly { name: string; in: string; schema: ParamRule }[]).filter((p) => p.in === "path").map((p) => [p.name, p.schema]),
  ) as Record<string, ParamRule>,
}));

/** Every operation id of the spec. */
export const OPERATION_IDS = OPERATIONS.map((op) => op.id);

/** Where every API path starts: the longest folder all the spec's paths share (such as /api/v1/). */
const API_ROOT = (() => {
  const shared = Object.values(operations)
    .map((r) => r.path as string)
    .reduce((a, b) => {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
  return shared.slice(0, shared.lastIndexOf("/") + 1);
})();

/** The API path (/api/v1/...) of a request path, or undefined when it is outside the mount. */
export function apiPath(pathname: string, prefix?: string): string | undefined {
  if (prefix !== undefined) {
    const p = `/${prefix.replace(/^\/+|\/+$/g, "")}`.replace(/^\/$/, "");
    return pathname.startsWith(`${p}/`) ? pathname.slice(p.length) : undefined;
  }
  // No prefix given: the API path starts at the API's root wherever the handler is mounted.
  const at = pathname.indexOf(API_ROOT);
  return at < 0 ? pathname : pathname.slice(at);
}

/** False when a segment of the path is not valid percent-encoded UTF-8 (such as %E0%A4%A). */
export function wellEncoded(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** Every method some operation of the spec has (the Allow of a method no path serves, where no path is known). */
export const SPEC_METHODS: readonly string[] = [...new Set(OPERATIONS.map((op) => op.method))];

/** The operations on this path, by method, among `forwarded` (empty: not an API operation it forwards). */
export function operationsAt(path: string, forwarded: ReadonlySet<OperationId>): Map<string, ProxiedOperation> {
  const segments = path.split("/");
  const matches = OPERATIONS.filter(
    (op) =>
      op.segments.length === segments.length &&
      op.segments.every((s, i) => (s.startsWith("{") ? plainSegment(segments[i], op.rules[s.slice(1, -1)]) : s === segments[i])),
  );
  // As in OpenAPI, a concrete path wins over a templated one: /tasks/list is never getTask("list").
  const concrete = matches.filter((op) => !op.segments.some((s) => s.startsWith("{")));
  const at = new Map<string, ProxiedOperation>();
  for (const op of concrete.length ? concrete : matches) {
    if (!forwarded.has(op.id)) continue;
    const params: Record<string, string> = {};
    op.segments.forEach((s, i) => {
      if (s.startsWith("{")) params[s.slice(1, -1)] = decodeURIComponent(segments[i]);
    });
    at.set(op.method, { operationId: op.id, params });
  }
  return at;
}

/**
 * A path parameter that is one plain segment and meets the spec's rule for it. Also refused,
 * because some server behind the API could read them as another path: a `;` (Tomcat and Spring
 * read `..;` as `..`), a `%` left after decoding (`%252e`, for a server that decodes twice), and a
 * character that NFKC folds into another (a full-width `．` or `／`).
 */
function plainSegment(segment: string, rule: ParamRule = {}): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return false;
  }
  if (decoded === "" || decoded === "." || decoded === ".." || /[/\\;%]/.test(decoded) || decoded.normalize("NFKC") !== decoded) return false;
  const { minLength = 1, maxLength, pattern } = rule;
  return decoded.length >= minLength && (maxLength === undefined || decoded.length <= maxLength) && (!pattern || new RegExp(pattern, "u").test(decoded));
}

const ALL: ReadonlySet<OperationId> = new Set(OPERATION_IDS);

/** The methods the spec allows on this path, among all its operations (empty: not an API operation). */
export const allowedMethods = (path: string): string[] => [...operationsAt(path, ALL).keys()];
