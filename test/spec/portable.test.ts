// The bundled spec reads the same in tools no one here wrote: YAML 1.1 parsers, generators that
// know discriminators only through `enum`, files only through `format: binary`, and emit one
// identifier per component name (issue 18, section 3).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { parse } from "yaml";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../openapi/dist");
const json = JSON.parse(fs.readFileSync(path.join(dist, "openapi.json"), "utf8"));
const yamlText = fs.readFileSync(path.join(dist, "openapi.yaml"), "utf8");
interface Schema {
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  properties: Record<string, { enum?: unknown[]; const?: unknown }>;
  required: string[];
}
const schemas: Record<string, Schema> = json.components.schemas;
const named = (ref: string) => schemas[ref.slice(ref.lastIndexOf("/") + 1)];

test.each(["1.1", "1.2"] as const)("openapi.yaml read as YAML %s is exactly openapi.json", (version) => {
  // YAML 1.1 (PyYAML, SnakeYAML) reads a plain 16:9 as 969 and a plain date-time as a date.
  expect(parse(yamlText, { version })).toEqual(json);
});

// Prism (`npm start`, `mock:prism`, the contract tests) and Spectral read the YAML with
// @stoplight/yaml: it read the SSE example's `|+` block without its closing blank line, so Prism
// streamed a last event (`success`) that an SSE reader (hey-api, EventSource) never dispatches.
test("openapi.yaml read by Prism's and Spectral's YAML reader (@stoplight/yaml) is exactly openapi.json", () => {
  const prism = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json"));
  const http = createRequire(prism.resolve("@stoplight/prism-http/package.json"));
  const { parse: stoplightParse } = http("@stoplight/yaml");
  expect(stoplightParse(yamlText)).toEqual(json);
});

// The hand-written sources too: a tool pointed at the clone's `openapi/src` read `enum: [16:9]` as
// `[969]` in PyYAML (231 values in 34 files), and validators built from it refused "16:9".
test("every file of openapi/src reads the same as YAML 1.1 and 1.2", () => {
  const src = path.resolve(dist, "../src");
  const files = fs.readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
  expect(files.length).toBeGreaterThan(50);
  const differs = files.filter((f) => {
    const text = fs.readFileSync(path.join(src, f), "utf8");
    return JSON.stringify(parse(text, { version: "1.1" })) !== JSON.stringify(parse(text, { version: "1.2" }));
  });
  expect(differs).toEqual([]);
});

test("every discriminator value is a one-value enum on its property (no const, which tools such as openapi-zod-client ignore)", () => {
  const unions = Object.entries(schemas).filter(([, s]) => s.discriminator);
  expect(unions.map(([n]) => n).sort()).toEqual(["CreateTaskRequest", "ImageInput", "MusicInput", "TaskStreamEvent", "VideoInput"]);
  for (const [name, { discriminator }] of unions) {
    const prop = discriminator?.propertyName ?? "";
    for (const [value, ref] of Object.entries(discriminator?.mapping ?? {})) {
      const branch = named(ref);
      const p = branch.properties[prop];
      expect({ union: name, value, enum: p.enum }).toEqual({ union: name, value, enum: [value] });
      expect(p.const).toBeUndefined();
      expect(branch.required).toContain(prop);
    }
  }
});

test("the upload's file part is binary for 3.0-minded tools and has a media type for 3.1 ones", () => {
  const upload = json.paths["/api/v1/files"].post.requestBody.content["multipart/form-data"].schema;
  const file = named(upload.$ref).properties.file;
  expect(file).toMatchObject({ type: "string", format: "binary", contentMediaType: "application/octet-stream" });
});

test("no component is named after a JavaScript global (generated code would hide File, Error...)", () => {
  const globals = new Set(Object.getOwnPropertyNames(globalThis));
  for (const name of ["File", "Error", "Blob", "Response", "Request", "URL"]) globals.add(name);
  const names = Object.values<Record<string, unknown>>(json.components).flatMap((kind) => Object.keys(kind));
  expect(names.filter((n) => globals.has(n))).toEqual([]);
});

test("descriptions hold Markdown only, no Redoc-only <SchemaDefinition> or {% %} markup", () => {
  const tags: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        if (k === "description" && typeof v === "string") tags.push(...(v.match(/<[A-Z][A-Za-z]*\b[^>]*>|{%.*?%}/g) ?? []));
        else walk(v);
      }
  };
  walk(json);
  expect(tags).toEqual([]);
});
