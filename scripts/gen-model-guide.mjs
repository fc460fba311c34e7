// Generates the model guide (docs/models/<type>.md) from the spec's model schemas and their
// x-monet-model metadata: a comparison table per type, then one entry per model, grouped by
// family, with its input fields and a ready-to-copy call. Nothing in it is written by hand.
import fs from "node:fs";
import path from "node:path";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { TYPES, modelSchemas, pascal, readBundledSpec } from "./spec-models.mjs";

export const GUIDE_OUT = "docs/models";
const cell = (s) => String(s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (v) => `\`${v}\``;

function fieldType(p) {
  if (p.enum) return p.enum.map((v) => code(JSON.stringify(v))).join(" \\| ");
  if (p.type === "array") return "URL list";
  if (p.type === "integer") return "integer";
  return p.type;
}

function bounds(p) {
  const out = [];
  if (p.minimum !== undefined) out.push(`${p.minimum} to ${p.maximum}`);
  if (p.minItems) out.push(`at least ${p.minItems}`);
  if (p.maxItems) out.push(`at most ${p.maxItems}`);
  if (p.maxLength) out.push(`max ${p.maxLength} characters`);
  return out.join(", ");
}

const duration = (m) => (m.durationSeconds ? (m.durationSeconds.min === m.durationSeconds.max ? `${m.durationSeconds.min} s` : `${m.durationSeconds.min}-${m.durationSeconds.max} s`) : "n/a");
const pricing = (m) =>
  !m.pricing ? "not published" : m.pricing.creditsPerSecond ? `${m.pricing.creditsPerSecond} credits/s` : Object.entries(m.pricing.rates).map(([r, c]) => `${r}: ${c} credits/s`).join(", ");

function example(type, input) {
  const body = JSON.stringify({ type, input, idempotency_key: "a-unique-key-per-task" }, null, 2);
  const ts = `const task = await monet.tasks.run({\n  type: ${JSON.stringify(type)},\n  input: ${JSON.stringify(input, null, 2).replace(/\n/g, "\n  ")},\n});`;
  return [
    "```bash",
    "curl -X POST https://monet.vision/api/v1/tasks/async \\",
    '  -H "Authorization: Bearer $MONET_API_KEY" -H "Content-Type: application/json" \\',
    `  -d '${body.replace(/'/g, "'\\''")}'`,
    "```",
    "",
    "```ts",
    'import { Monet } from "@monet-ai/client";',
    "const monet = new Monet();",
    ts,
    "```",
  ].join("\n");
}

function entry({ id, type, schema }) {
  const m = schema["x-monet-model"];
  const lines = [`### ${m.name} · ${id}`, "", `_${m.tagline}_`, ""];
  lines.push(`- **Provider**: ${m.provider}`);
  lines.push(`- **Use cases**: ${m.useCases.join("; ")}`);
  if (m.durationSeconds) lines.push(`- **Duration**: ${duration(m)}`);
  if (m.outputResolution) lines.push(`- **Resolution**: ${m.outputResolution}`);
  lines.push(`- **Features**: ${m.highlights.join("; ")}${m.generatesAudio ? " (generates audio)" : ""}`);
  lines.push(`- **Pricing**: ${pricing(m)}`);
  lines.push("", "| field | type | required | allowed | default | description |", "| --- | --- | --- | --- | --- | --- |");
  for (const [name, p] of Object.entries(schema.properties)) {
    const req = schema.required.includes(name) ? "yes" : "no";
    const type = name === "model" ? code(JSON.stringify(id)) : fieldType(p);
    lines.push(`| \`${name}\` | ${type} | ${req} | ${cell(bounds(p))} | ${p.default !== undefined ? code(p.default) : ""} | ${cell(p.description)} |`);
  }
  for (const note of m.notes ?? []) lines.push("", `> ${note}`);
  lines.push("", example(type, schema.examples[0]), "");
  return lines.join("\n");
}

export function guide(spec, type) {
  const list = modelSchemas(spec, type);
  const out = [`<!-- ${GENERATED_NOTE} -->`, "", `# ${pascal(type)} models`, ""];
  out.push(`${list.length} ${type} model${list.length > 1 ? "s" : ""}. Pick one by what it is good at, then copy its call: every field below is checked by the API and by \`@monet-ai/client\` before sending.`, "");
  out.push("## Compare at a glance", "");
  out.push("| model | provider | duration | audio | reference images | reference videos | pricing |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const { id, schema } of list) {
    const m = schema["x-monet-model"];
    const p = schema.properties;
    const refs = (f) => (p[f] ? (schema.required.includes(f) ? "required" : p[f].maxItems ? `up to ${p[f].maxItems}` : "yes") : "");
    out.push(`| **${m.name}** \`${id}\` | ${m.provider} | ${duration(m)} | ${m.generatesAudio ? "yes" : ""} | ${refs("images")} | ${refs("videos")} | ${pricing(m)} |`);
  }
  out.push("");
  const families = [...new Set(list.map(({ schema }) => schema["x-monet-model"].family))];
  for (const family of families) {
    const members = list.filter(({ schema }) => schema["x-monet-model"].family === family);
    out.push(`## ${family}`, "");
    for (const m of members) out.push(entry(m));
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function generateModelGuide({ out }) {
  const spec = readBundledSpec(out);
  const dir = path.join(out, GUIDE_OUT);
  fs.mkdirSync(dir, { recursive: true });
  for (const t of TYPES) fs.writeFileSync(path.join(dir, `${t}.md`), guide(spec, t));
}
