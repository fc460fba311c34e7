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

/** The spec's rule for a path parameter (its lengths and pattern, as the client applies them), its pattern compiled once. */
function checkOf({ minLength = 1, maxLength, pattern }: ParamRule = {}): (value: string) => boolean {
  const re = pattern === undefined ? undefined : new RegExp(pattern, "u");
  return (v) => v.length >= minLength && (maxLength === undefined || v.length <= maxLength) && (!re || re.test(v));
}

const OPERATIONS = Object.values(operations).map((r) => {
  const rules = Object.fromEntries(r.params.filter((p) => p.in === "path").map((p) => [p.name, p.schema])) as Record<string, ParamRule>;
  return {
    id: r.operationId as OperationId,
    method: r.method as string,
    // Each segment: a literal, or a path parameter's name and its check.
    segments: r.path.split("/").map((s) => (s.startsWith("{") ? { param: s.slice(1, -1), meets: checkOf(rules[s.slice(1, -1)]) } : s)),
  };
});

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
  const matches = OPERATIONS.flatMap((op) => {
    const params = paramsOf(op, segments);
    return params ? [{ op, params }] : [];
  });
  // As in OpenAPI, a concrete path wins over a templated one: /tasks/list is never getTask("list").
  const concrete = matches.filter(({ params }) => !Object.keys(params).length);
  const at = new Map<string, ProxiedOperation>();
  for (const { op, params } of concrete.length ? concrete : matches) if (forwarded.has(op.id)) at.set(op.method, { operationId: op.id, params });
  return at;
}

/** The path parameters of `segments` (decoded) when they are the path of `op`, else undefined. */
function paramsOf(op: (typeof OPERATIONS)[number], segments: string[]): Record<string, string> | undefined {
  if (op.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, s] of op.segments.entries()) {
    if (typeof s === "string") {
      if (s !== segments[i]) return undefined;
      continue;
    }
    const value = plainSegment(segments[i]);
    if (value === undefined || !s.meets(value)) return undefined;
    params[s.param] = value;
  }
  return params;
}

/**
 * A path parameter's segment decoded, when it is one plain segment; else undefined. Also refused,
 * because some server behind the API could read them as another path: a `;` (Tomcat and Spring
 * read `..;` as `..`), a `%` left after decoding (`%252e`, for a server that decodes twice), and a
 * character that NFKC folds into another (a full-width `．` or `／`).
 */
function plainSegment(segment: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return decoded === "" || decoded === "." || decoded === ".." || /[/\\;%]/.test(decoded) || decoded.normalize("NFKC") !== decoded ? undefined : decoded;
}

const ALL: ReadonlySet<OperationId> = new Set(OPERATION_IDS);

/** The methods the spec allows on this path, among all its operations (empty: not an API operation). */
export const allowedMethods = (path: string): string[] => [...operationsAt(path, ALL).keys()];

/** The operation `method` calls on this path, among all the spec's (undefined: none). */
export const operationAt = (path: string, method: string): OperationId | undefined => operationsAt(path, ALL).get(method)?.operationId;
