import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// The API's own schemas (Task, TaskList, File, the taskId/page/pageSize parameters), read from the
// bundled spec at build time and inlined: tool argument and output schemas are the spec's, not
// restated by hand, and the published server carries only these few, not the whole spec.
const spec = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../openapi/dist/openapi.json"), "utf8"));

/** Inlines every `$ref` and drops `x-` extensions (strict JSON Schema validators refuse them). */
function resolve(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolve);
  if (!node || typeof node !== "object") return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref) return resolve(ref.slice(2).split("/").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], spec));
  return Object.fromEntries(Object.entries(node).filter(([k]) => !k.startsWith("x-")).map(([k, v]) => [k, resolve(v)]));
}

const params = spec.components.parameters;
const param = (name: string) => ({ ...(resolve(params[name].schema) as object), description: params[name].description });
const api = {
  task: resolve(spec.components.schemas.Task),
  taskList: resolve(spec.components.schemas.TaskList),
  file: resolve(spec.components.schemas.UploadedFile),
  taskId: param("TaskId"),
  page: param("Page"),
  pageSize: param("PageSize"),
  idempotencyKey: resolve(spec.components.schemas.IdempotencyKey),
};

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  define: { __MONET_API__: JSON.stringify(api) },
});
