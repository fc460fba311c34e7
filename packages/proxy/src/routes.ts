// Which API operation a request path names, if any. The operations come from the spec
// (generated); a path parameter matches one plain segment only, so an encoded "/" or ".."
// cannot walk the upstream to a path outside the allowlist.
import { operations } from "./generated/operations.gen.js";

const OPERATIONS = Object.values(operations).map((r) => ({ method: r.method as string, segments: r.path.split("/") }));

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

/** The methods the spec allows on this path (empty: not an API operation). */
export function allowedMethods(path: string): string[] {
  const segments = path.split("/");
  const matches = OPERATIONS.filter(
    (op) => op.segments.length === segments.length && op.segments.every((s, i) => (s.startsWith("{") ? plainSegment(segments[i]) : s === segments[i])),
  );
  // As in OpenAPI, a concrete path wins over a templated one: /tasks/list is never getTask("list").
  const concrete = matches.filter((op) => !op.segments.some((s) => s.startsWith("{")));
  return (concrete.length ? concrete : matches).map((op) => op.method);
}

function plainSegment(segment: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return false;
  }
  return decoded !== "" && decoded !== "." && decoded !== ".." && !/[/\\]/.test(decoded);
}
