// Generates the model guide (docs/models/<type>.md) from the spec's model schemas and their
// x-monet-model metadata: a comparison table per type, then one entry per model, grouped by
// family, with its input fields and a ready-to-copy call. Nothing in it is written by hand.
import fs from "node:fs";
import path from "node:path";
import { shellJson } from "./curl-sample.mjs";
import { GENERATED_NOTE } from "./generated-note.mjs";
import { durationWords } from "./model-duration.mjs";
import { modelSchemas, pascal, readBundledSpec, TYPES } from "./spec-models.mjs";

export const GUIDE_OUT = "docs/models";
/**
 * Text for one table cell: an unescaped `|` ends the cell (even inside a code span, in GFM) and a
 * newline the row. Every table cell is written through this, since any of them may hold spec text.
 */
const cell = (s) =>
  String(s ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
/** A code span holding `v` as it is: a fence longer than any run of backticks in it (CommonMark). */
const code = (v) => {
  const s = String(v);
  const fence = "`".repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
};

function fieldType(p) {
  if (p.enum) return p.enum.map((v) => code(JSON.stringify(v))).join(" | ");
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

const pricing = (m) =>
  !m.pricing
    ? "not published"
    : m.pricing.creditsPerSecond
      ? `${m.pricing.creditsPerSecond} credits/s`
      : Object.entries(m.pricing.rates)
          .map(([r, c]) => `${r}: ${c} credits/s`)
          .join(", ");

/** Where a create is sent: the spec's first server and the path of its `createTask` operation. */
function createUrl(spec) {
  const path = Object.entries(spec.paths).find(([, item]) => item.post?.operationId === "createTask")?.[0];
  if (!path) throw new Error("the spec has no createTask operation (POST) for the model guide's curl samples");
  return `${spec.servers[0].url}${path}`;
}

function example(url, type, input) {
  const body = shellJson({ type, input, idempotency_key: "" });
  const ts = `const task = await monet.tasks.run({\n  type: ${JSON.stringify(type)},\n  input: ${JSON.stringify(input, null, 2).replace(/\n/g, "\n  ")},\n});`;
  return [
    "```bash",
    `curl -X POST ${url} \\`,
    '  -H "Authorization: Bearer $MONET_API_KEY" -H "Content-Type: application/json" \\',
    `  -d ${body}`,
    "```",
    "",
    "```ts",
    'import { Monet } from "@monet-ai/client";',
    "const monet = new Monet();",
    ts,
    "console.log(task.status, task.outputs?.[0]?.url);",
    "```",
    "",
    "```sh",
    cliCommand(type, input),
    "```",
  ].join("\n");
}

/** A value as one shell word: as it is when the shell reads it so, else single-quoted. */
const shellWord = (v) => (/^[\w:./@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);

/**
 * The same call as a `monet generate` command (@monet-ai/cli): each input field a flag named after
 * it (aspect_ratio: --aspect-ratio), a list's items after its flag. `npx -y @monet-ai/cli` runs
 * the installed copy, or fetches it, so the line runs as copied in any folder.
 */
function cliCommand(type, { model, ...fields }) {
  const flags = Object.entries(fields).map(([name, value]) => `--${name.replace(/_/g, "-")} ${[value].flat().map(String).map(shellWord).join(" ")}`);
  return [`npx -y @monet-ai/cli generate ${type} --model ${model}`, ...flags].join(" \\\n  ");
}

// The file a local-file sample sends, for each media field a model takes (images, videos).
const LOCAL_FILE = { images: "photo.png", videos: "clip.mp4" };

/**
 * A page's one sample that sends a file from the reader's disk (the most asked call: "a clip from
 * my photo"): the first model whose `images` field is optional, its example input with
 * `images` set to a local file, which the client uploads before it creates the task. `""` for a
 * page with no such model.
 */
export function localFileSample(list, type) {
  const found = list.find(({ schema }) => schema.properties.images && !schema.required.includes("images") && !schema.deprecated);
  if (!found) return "";
  // `images` after the prompt, where a reader looks for it; the call written on one line.
  const { model, prompt, ...rest } = found.schema.examples[0];
  const input = { model, prompt, images: "LOCAL_FILE", ...rest };
  const body = JSON.stringify(input, null, 2)
    .replace(/\n/g, "\n  ")
    .replace('"LOCAL_FILE"', `[await fileFromPath(${JSON.stringify(LOCAL_FILE.images)})]`);
  return [
    "```ts",
    'import { Monet } from "@monet-ai/client";',
    'import { fileFromPath } from "@monet-ai/client/node";',
    "const monet = new Monet();",
    `const task = await monet.tasks.run({\n  type: ${JSON.stringify(type)},\n  input: ${body},\n});`,
    "console.log(task.status, task.outputs?.[0]?.url);",
    "```",
  ].join("\n");
}

/** How long an upload lives, in hours: the upload operation's `x-monet-file-lifetime-ms`. */
function uploadHours(spec) {
  const op = Object.values(spec.paths)
    .flatMap((item) => Object.values(item))
    .find((o) => o?.["x-monet-file-lifetime-ms"] !== undefined);
  if (!op) throw new Error("the spec has no operation with x-monet-file-lifetime-ms for the model guide's upload note");
  return op["x-monet-file-lifetime-ms"] / 3_600_000;
}

/** What replaces a deprecated model and why, from `x-monet-model.deprecation` (CONTRIBUTING, "Deprecate a model"). */
const deprecatedNote = (m) => {
  const d = m.deprecation ?? {};
  return `${d.replacement ? `: use ${code(d.replacement)} instead` : ""}${d.note ? `. ${d.note.replace(/\.$/, "")}` : ""}. Creating it still works, with a one-time warning.`;
};

// The words a reader types for a shape ("square", "vertical"), for the ratios the spec lists: the
// site's search and Ctrl-F find a model by them. Each ratio's shape is read from its own numbers.
const SHAPES = [
  ["square", (w, h) => w === h],
  ["vertical (portrait)", (w, h) => w < h],
  ["horizontal (landscape)", (w, h) => w > h],
];

/** "square (1:1); vertical (portrait): 9:16, 3:4; ..." for `width:height` enum values, else "". */
export function shapeWords(values) {
  const ratios = (values ?? []).map((v) => [
    v,
    ...(String(v)
      .match(/^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/)
      ?.slice(1)
      .map(Number) ?? []),
  ]);
  if (!ratios.length || ratios.some((r) => r.length !== 3)) return "";
  return SHAPES.map(([word, is]) => [word, ratios.filter(([, w, h]) => is(w, h)).map(([v]) => v)])
    .filter(([, vs]) => vs.length)
    .map(([word, vs]) => `${word}: ${vs.join(", ")}`)
    .join("; ");
}

/**
 * What a video model does with `images`, as far as the reference says: its field's description
 * (made from the reference's entry: "Reference image URLs", "Target character images") and, since
 * no entry of the reference says that an image becomes the video's first frame, that it does not.
 * The most asked question ("a clip from one photo") gets the reference's answer, not a guess.
 */
function imagesNote(type, schema) {
  const p = schema.properties.images;
  if (type !== "video" || !p) return undefined;
  const said = p.description.split(/\.\s/)[0].replace(/\.$/, "");
  const role = schema.required.includes("images") ? "required" : "optional";
  return `- **Images** (\`images\`, ${role}): ${said}. The reference does not say whether an image becomes the video's first frame (image to video) or guides its subject and style. A file from your disk goes in as it is: see [${RUNNING}](${runningRoute(type)}).`;
}

function entry({ id, type, schema }, url, level = "###") {
  const m = schema["x-monet-model"];
  const lines = [`${level} ${m.name} · ${id}${schema.deprecated ? " (deprecated)" : ""}`, "", `_${m.tagline}_`, ""];
  if (schema.deprecated) lines.push(`> **Deprecated**${deprecatedNote(m)}`, "");
  lines.push(`- **Provider**: ${m.provider}`);
  lines.push(`- **Use cases**: ${m.useCases.join("; ")}`);
  const length = durationWords(type, schema);
  if (length) lines.push(`- **Duration**: ${length}`);
  if (m.outputResolution) lines.push(`- **Resolution**: ${m.outputResolution}`);
  const shapes = shapeWords(schema.properties.aspect_ratio?.enum);
  if (shapes) lines.push(`- **Shapes** (\`aspect_ratio\`): ${shapes}`);
  const images = imagesNote(type, schema);
  if (images) lines.push(images);
  // "(generates audio)" only where the highlights do not already say so.
  const saysAudio = m.highlights.some((h) => /audio/i.test(h));
  lines.push(`- **Features**: ${m.highlights.join("; ")}${m.generatesAudio && !saysAudio ? " (generates audio)" : ""}`);
  lines.push(`- **Pricing**: ${pricing(m)}`);
  lines.push("", "| field | type | required | allowed | default | description |", "| --- | --- | --- | --- | --- | --- |");
  for (const [name, p] of Object.entries(schema.properties)) {
    const req = schema.required.includes(name) ? "yes" : "no";
    const type = name === "model" ? code(JSON.stringify(id)) : fieldType(p);
    const cells = [code(name), type, req, bounds(p), p.default !== undefined ? code(p.default) : "", p.description];
    lines.push(`| ${cells.map(cell).join(" | ")} |`);
  }
  for (const note of m.notes ?? []) lines.push("", `> ${note}`);
  lines.push("", example(url, type, schema.examples[0]), "");
  return lines.join("\n");
}

/**
 * The comparison table's columns. A column shows only on a page where some model has it (no
 * duration for images), and every cell says something: "no", "not selectable" or "not published"
 * rather than a blank.
 */
const COLUMNS = [
  { head: "provider", cell: ({ m }) => m.provider },
  { head: "duration", has: ({ length }) => Boolean(length), cell: ({ length }) => length },
  {
    head: "resolution",
    has: ({ m, p }) => Boolean(p.resolution || m.outputResolution),
    cell: ({ m, p }) => (p.resolution?.enum ? p.resolution.enum.join(", ") : (m.outputResolution ?? "not published")),
  },
  {
    head: "aspect ratio",
    has: ({ p }) => Boolean(p.aspect_ratio),
    cell: ({ p }) => (p.aspect_ratio?.enum ? p.aspect_ratio.enum.join(", ") : "not selectable"),
  },
  // The reference says which models make sound, never which do not.
  { head: "audio", has: ({ m }) => Boolean(m.generatesAudio), cell: ({ m }) => (m.generatesAudio ? "yes" : "not published") },
  { head: "reference images", has: ({ p }) => Boolean(p.images), cell: (x) => refs(x, "images") },
  { head: "reference videos", has: ({ p }) => Boolean(p.videos), cell: (x) => refs(x, "videos") },
  { head: "pricing", cell: ({ m }) => pricing(m) },
];

function refs({ p, schema }, field) {
  if (!p[field]) return "no";
  if (schema.required.includes(field)) return "required";
  return p[field].maxItems ? `up to ${p[field].maxItems}` : "yes";
}

function compare(list) {
  const rows = list.map(({ id, type, schema }) => ({ id, schema, m: schema["x-monet-model"], p: schema.properties, length: durationWords(type, schema) }));
  const columns = COLUMNS.filter((c) => !c.has || rows.some(c.has));
  const out = [`| model | ${columns.map((c) => c.head).join(" | ")} |`, `| --- |${" --- |".repeat(columns.length)}`];
  for (const r of rows)
    out.push(`| ${[`**${r.m.name}** ${code(r.id)}${r.schema.deprecated ? " (deprecated)" : ""}`, ...columns.map((c) => c.cell(r))].map(cell).join(" | ")} |`);
  return out;
}

/**
 * The samples' media URLs are the spec's example upload URLs (MediaUrl's), which point nowhere a
 * reader owns: say so on a page whose samples send one.
 */
function placeholderNote(spec, list) {
  const example = new URL(spec.components.schemas.MediaUrl.examples[0]);
  const prefix = `${example.origin}/${example.pathname.split("/")[1]}/`;
  if (!list.some(({ schema }) => JSON.stringify(schema.examples ?? []).includes(prefix))) return "";
  return ` Media URLs in the samples (\`${prefix}...\`) are placeholders: replace each with the \`url\` of your own upload (\`monet.files.upload(file)\`, or \`POST\` it to the upload endpoint; see [Uploads](#/uploads-and-their-24-hour-lifetime)).`;
}

// The Node line the client supports, from its package.json (`engines`), not restated here.
const clientNode = JSON.parse(fs.readFileSync(new URL("../packages/client/package.json", import.meta.url), "utf8")).engines.node;

/**
 * How to run a TypeScript sample. They hold no type syntax, so as `.mjs` they run on every Node
 * the client supports; Node runs a `.mts` itself only where it strips types (22.18 and 23.6 on):
 * on Node 20 `node x.mts` fails with ERR_UNKNOWN_FILE_EXTENSION, so name a runner for it.
 */
export const runNote = () =>
  `The TypeScript samples are ES modules (\`import\`, top-level \`await\`) with no type syntax: save one as \`sample.mjs\` and run \`node sample.mjs\`, which works on every Node the client supports (${clientNode}). Once you add types, save it as \`sample.mts\` and run \`npx tsx sample.mts\` on any of them; Node runs \`node sample.mts\` itself only from 22.18 (or 23.6), which strip types. A \`.js\` file needs \`"type": "module"\` in your package.json: in a \`"type": "commonjs"\` project (what \`npm init\` writes) Node stops at "Cannot use import statement outside a module".`;

/** The section after the compare table that says how to run a sample. */
const RUNNING = "Running a sample";
/** That section's route on a type's page, as Redoc names it. */
const runningRoute = (type) => `#/${type}-models/${RUNNING.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

export function guide(spec, type) {
  const list = modelSchemas(spec, type);
  const url = createUrl(spec);
  const out = [`<!-- ${GENERATED_NOTE} -->`, "", `# ${pascal(type)} models`, ""];
  // Two lines, then the table a reader came for; how to run a sample comes after it (the audit's
  // F9: a 1,700-character paragraph stood before the table).
  const route = runningRoute(type);
  out.push(
    `${list.length} ${type} model${list.length > 1 ? "s" : ""}: pick one by what it is good at in the table, then copy its call from its entry. [${RUNNING}](${route}) says how to run a call against the local mock and what is checked before sending.`,
    "",
  );
  out.push("## Compare at a glance", "", ...compare(list), "");
  const placeholders = placeholderNote(spec, list).trim();
  out.push(
    `## ${RUNNING}`,
    "",
    `- **Checks**: every field below is checked before sending by \`@monet-ai/client\` and by the mock (\`@monet-ai/mock\`), from these rules; the API's own checks are its reference's.`,
    `- **Idempotency**: each create needs its own \`idempotency_key\` (the same key again returns the first task, or fails with 409 for a different body): the curl samples make a new one each time they run, and \`@monet-ai/client\` does so unless you pass one.`,
    `- **On the mock**: run it with \`npx -y @monet-ai/mock --port 4020\` (not on npm yet: until the first release, run \`npm start\` in a clone of the SDK's repository, which serves it on port 4020, or install it in your project from that clone's \`npm run tarballs\`, as the repository's README says under "Not on npm yet"). Then \`export MONET_BASE_URL=http://127.0.0.1:4020\` and any \`monet_...\` key as \`MONET_API_KEY\` for the TypeScript sample (the CLI and the AI SDK provider read it too), and replace \`https://monet.vision\` with \`http://127.0.0.1:4020\` in the curl: see [Using the mock](#/using-the-mock-for-frontend-work).`,
    `- **Running it**: ${runNote()}`,
    `- **From a terminal**: the \`npx -y @monet-ai/cli generate\` line is the same call with the \`monet\` command: it waits for the task and saves its output in the current folder (\`--out <folder>\` for another), and a local path works where a URL goes. Not on npm yet: install \`@monet-ai/cli\` in your project first, as [Command line and MCP](#/command-line-and-mcp) says, and \`npx\` runs that copy.`,
    ...(placeholders ? [`- **Media URLs**: ${placeholders}`] : []),
    "",
  );
  const local = localFileSample(list, type);
  if (local)
    out.push(
      `- **A file from your disk**: put it in \`images\` as \`await fileFromPath("${LOCAL_FILE.images}")\` (from \`@monet-ai/client/node\`, which streams it): the client uploads it first and sends its URL (an upload lives ${uploadHours(spec)} hours: see [Uploads](#/uploads-and-their-24-hour-lifetime)). The same goes for any model that takes \`images\` or \`videos\`:`,
      "",
      local,
      "",
    );
  const families = [...new Set(list.map(({ schema }) => schema["x-monet-model"].family))];
  for (const family of families) {
    const members = list.filter(({ schema }) => schema["x-monet-model"].family === family);
    // A family of one model of the same name (MiniMax Music) would be a heading with nothing
    // of its own under it: the model's entry takes its place.
    if (members.length === 1 && members[0].schema["x-monet-model"].name === family) {
      out.push(entry(members[0], url, "##"));
      continue;
    }
    const providers = [...new Set(members.map(({ schema }) => schema["x-monet-model"].provider))];
    out.push(
      `## ${family}`,
      "",
      `${members.length} model${members.length > 1 ? "s" : ""} by ${providers.join(" and ")}: ${members.map(({ id }) => code(id)).join(", ")}.`,
      "",
    );
    for (const m of members) out.push(entry(m, url));
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function generateModelGuide({ out }) {
  const spec = readBundledSpec(out);
  const dir = path.join(out, GUIDE_OUT);
  fs.mkdirSync(dir, { recursive: true });
  for (const t of TYPES) fs.writeFileSync(path.join(dir, `${t}.md`), guide(spec, t));
}
