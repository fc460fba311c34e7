// Extracts the facts of the Monet API reference (a text file, whose path is the argument) into
// openapi/reference/: every model's id, type, name, duration, pricing and fields, and the
// documented operations with their response fields. Tests hold the spec to these files, so the
// repository judges itself without the reference text beside it.
//
//   node scripts/reference.mjs <reference.txt>           rewrite openapi/reference/*.json
//   node scripts/reference.mjs <reference.txt> --check   exit 1, naming the files, when they are stale
//
// Facts only: the reference's prose (taglines, use cases, descriptions) stays out.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const referenceDir = path.join(root, "openapi/reference");

const SECTION = { "### Video Generation": "video", "### Image Generation": "image", "### Music Generation": "music" };

const literal = (s) => (s.trim().startsWith('"') ? s.trim().slice(1, -1) : Number(s));

function parseField(line, duration) {
  const m = /^(\w+)(\??):\s*([^,/]+?)\s*,?\s*(?:\/\/\s*(.*))?$/.exec(line.trim());
  if (!m || m[1] === "model") return undefined;
  const [, name, optional, rawType, comment = ""] = m;
  const f = { name, required: optional !== "?", kind: rawType };
  if (rawType.includes("|")) {
    f.kind = "enum";
    f.enum = rawType.split("|").map(literal);
  }
  const def = /default:\s*([\w".:-]+)/.exec(comment);
  if (def) f.default = literal(def[1]);
  const minItems = /min (\d+)/.exec(comment);
  if (minItems) f.minItems = Number(minItems[1]);
  const maxItems = /max (\d+) reference/.exec(comment);
  if (maxItems) f.maxItems = Number(maxItems[1]);
  const maxLength = /max (\d+) characters/.exec(comment);
  if (maxLength) f.maxLength = Number(maxLength[1]);
  const range = /^(\d+)-(\d+)/.exec(comment);
  if (range && f.kind === "number") [f.minimum, f.maximum] = [Number(range[1]), Number(range[2])];
  // A free `duration?: number` is bounded by the entry's Duration line.
  if (name === "duration" && f.kind === "number" && duration) [f.minimum, f.maximum] = [duration.min, duration.max];
  // "Required: min 1 ..." on an array that the entry marks required.
  if (/Required/.test(comment) && f.kind.endsWith("[]") && f.minItems === undefined) f.minItems = 1;
  return f;
}

/** The introduction's "- Family: who makes it, what for" lines, by type ("- Wan: Alibaba's video ..."). */
function introFamilies(text) {
  const families = { video: [], image: [], music: [] };
  let type;
  for (const line of text.split("\n")) {
    if (SECTION[line.trim()]) break;
    const kind = /^- \*\*(Video|Image|Music) Generation\*\*/.exec(line);
    if (kind) type = kind[1].toLowerCase();
    else if (/^- \*\*/.test(line)) type = undefined;
    const entry = /^- ([^*:][^:]*): (.+)$/.exec(line);
    if (type && entry) families[type].push({ name: entry[1].trim(), text: entry[2].trim() });
  }
  return families;
}

export function parseModels(text) {
  const models = [];
  const families = introFamilies(text);
  let type;
  let heading;
  let current;
  let inCode = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("## API Reference")) break;
    if (SECTION[line.trim()]) [type, heading] = [SECTION[line.trim()], undefined];
    if (!type) continue;
    if (line.startsWith("#### ")) heading = line.slice(5).trim();
    const head = /^\*\*([a-z0-9-]+)\*\* - (.+)$/.exec(line.trim());
    if (head) {
      const name = head[2].trim();
      // What the reference says of who makes it: the group's heading ("Flux (Black Forest Labs)")
      // and the introduction's line on its family, matched by the model's name or the heading.
      const about = families[type].filter((f) => name.startsWith(f.name) || heading?.startsWith(f.name)).map((f) => `${f.name}: ${f.text}`);
      current = { type, id: head[1], name, heading, ...(about.length && { about: about.join(" ") }), fields: [] };
      models.push(current);
      continue;
    }
    if (!current) continue;
    const dur = /\*\*Duration\*\*: (\d+)(?:-(\d+))? seconds/.exec(line);
    if (dur) current.duration = { min: Number(dur[1]), max: Number(dur[2] ?? dur[1]) };
    const price = /\*\*Pricing\*\*: (.+)$/.exec(line);
    if (price) {
      const flat = /^(\d+) credits\/second/.exec(price[1]);
      current.pricing = flat
        ? { creditsPerSecond: Number(flat[1]) }
        : { by: "resolution", rates: Object.fromEntries([...price[1].matchAll(/(\w+): (\d+) credits\/s/g)].map((r) => [r[1], Number(r[2])])) };
    }
    // A video's sound is stated on its Resolution or Features line; no entry says it has none.
    if (current.type === "video" && /\*\*(Resolution|Features)\*\*:.*\baudio\b/i.test(line)) current.audio = true;
    if (line.startsWith("```typescript")) inCode = true;
    else if (line.startsWith("```")) inCode = false;
    else if (inCode) {
      const f = parseField(line, current.duration);
      if (f) current.fields.push(f);
    }
  }
  // Key order fixed so the JSON is stable whatever order the lines came in.
  return models.map(({ type, id, name, heading, about, duration, pricing, audio, fields }) => ({
    type,
    id,
    name,
    heading,
    ...(about && { about }),
    ...(duration && { duration }),
    ...(pricing && { pricing }),
    ...(audio && { audio }),
    fields,
  }));
}

/** The fields of every top-level JSON object in a fenced json block (nested keys included, dotted). */
function jsonFields(block) {
  const fields = new Set();
  const walk = (v, at) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, `${at}[]`);
      return;
    }
    if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        const name = at ? `${at}.${k}` : k;
        fields.add(name);
        walk(x, name);
      }
  };
  walk(JSON.parse(block), "");
  return [...fields];
}

export function parseApi(text) {
  const start = text.indexOf("## API Reference");
  const api = text.slice(start);
  const operations = [];
  let op;
  let fence;
  let body = [];
  for (const line of api.split("\n")) {
    const head = /^(GET|POST|PUT|PATCH|DELETE) `([^`]+)`/.exec(line);
    if (head) {
      op = { method: head[1], path: head[2].replace(/\{(\w+)\}/g, "{$1}"), requestFields: [], query: [], responseFields: [] };
      operations.push(op);
      continue;
    }
    if (!op) continue;
    if (fence === undefined && line.startsWith("```")) {
      fence = line.slice(3).trim();
      body = [];
      continue;
    }
    if (fence !== undefined && line.startsWith("```")) {
      const block = body.join("\n");
      if (fence === "json") op.responseFields = jsonFields(block);
      if (fence === "bash") {
        const data = /-d '([\s\S]*?)'/.exec(block);
        if (data) op.requestFields = jsonFields(data[1]);
        const url = /"https?:\/\/[^"?]+\?([^"]+)"/.exec(block);
        if (url) op.query = [...new URLSearchParams(url[1]).keys()];
        if (/-N\b/.test(block)) op.streaming = true;
        const form = /-F "(\w+)=@/.exec(block);
        if (form) op.multipartField = form[1];
      }
      fence = undefined;
      continue;
    }
    if (fence !== undefined) body.push(line);
  }
  const seconds = /polling interval: (\d+) seconds/i.exec(text);
  const hours = /stored for \*\*(\d+) hours\*\*/.exec(text);
  const env = /export (MONET_\w+)=/.exec(text);
  const auth = /Authorization: (Bearer) /.exec(text);
  return {
    operations,
    statuses: [
      ...new Set(
        [...text.matchAll(/status(?: becomes|":) ?[`"](\w+)[`"]/g)].map((m) => m[1]).concat([...text.matchAll(/`(success|failed|pending)`/g)].map((m) => m[1])),
      ),
    ].sort(),
    pollIntervalSeconds: seconds && Number(seconds[1]),
    fileRetentionHours: hours && Number(hours[1]),
    apiKeyEnv: env?.[1],
    authScheme: auth?.[1],
    idempotencyKeyRequired: /`idempotency_key` is \*\*required\*\*/.test(text),
  };
}

const json = (v) => `${JSON.stringify(v, null, 2)}\n`;

export function extract(text) {
  return { "models.json": json(parseModels(text)), "api.json": json(parseApi(text)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [source, flag] = process.argv.slice(2);
  if (!source) {
    console.error("usage: node scripts/reference.mjs <reference.txt> [--check]");
    process.exit(2);
  }
  const files = extract(fs.readFileSync(source, "utf8"));
  const stale = Object.entries(files).filter(([name, text]) => {
    const file = path.join(referenceDir, name);
    return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
  });
  if (flag === "--check") {
    if (stale.length) {
      console.error(`openapi/reference is stale against ${source}: ${stale.map(([n]) => n).join(", ")}\nrun: node scripts/reference.mjs ${source}`);
      process.exit(1);
    }
    console.log(`openapi/reference matches ${source}`);
  } else {
    fs.mkdirSync(referenceDir, { recursive: true });
    for (const [name, text] of stale) fs.writeFileSync(path.join(referenceDir, name), text);
    console.log(stale.length ? `wrote ${stale.map(([n]) => `openapi/reference/${n}`).join(", ")}` : "openapi/reference is up to date");
  }
}
