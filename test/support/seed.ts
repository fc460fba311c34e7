// Reads the model list out of the seed (the API reference we build from), independently of
// the spec, so tests can hold the spec and every generated package to the seed itself.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const seedPath = path.resolve(repoRoot, "../shared/seeds/000_a4b2d241cd974983.txt");

export type SeedType = "video" | "image" | "music";
export interface SeedField {
  name: string;
  required: boolean;
  /** "string" | "string[]" | "number" | "boolean" | "enum" */
  kind: string;
  enum?: (string | number)[];
  default?: string | number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}
export interface SeedModel {
  type: SeedType;
  id: string;
  name: string;
  tagline: string;
  useCases: string[];
  duration?: { min: number; max: number };
  pricing?: { creditsPerSecond: number } | { by: "resolution"; rates: Record<string, number> };
  fields: SeedField[];
}

const SECTION: Record<string, SeedType> = {
  "### Video Generation": "video",
  "### Image Generation": "image",
  "### Music Generation": "music",
};

function parseLiteral(s: string): string | number {
  s = s.trim();
  return s.startsWith('"') ? s.slice(1, -1) : Number(s);
}

function parseField(line: string, duration?: { min: number; max: number }): SeedField | undefined {
  const m = /^(\w+)(\??):\s*([^,/]+?)\s*,?\s*(?:\/\/\s*(.*))?$/.exec(line.trim());
  if (!m || m[1] === "model") return undefined;
  const [, name, optional, rawType, comment = ""] = m;
  const f: SeedField = { name, required: optional !== "?", kind: rawType };
  if (rawType.includes("|")) {
    f.kind = "enum";
    f.enum = rawType.split("|").map(parseLiteral);
  }
  const def = /default:\s*([\w".:-]+)/.exec(comment);
  if (def) f.default = parseLiteral(def[1]);
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

export function readSeedModels(text = fs.readFileSync(seedPath, "utf8")): SeedModel[] {
  const lines = text.split("\n");
  const models: SeedModel[] = [];
  let type: SeedType | undefined;
  let current: SeedModel | undefined;
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("## API Reference")) break;
    if (SECTION[line.trim()]) type = SECTION[line.trim()];
    if (!type) continue;
    const head = /^\*\*([a-z0-9-]+)\*\* - (.+)$/.exec(line.trim());
    if (head) {
      current = { type, id: head[1], name: head[2].trim(), tagline: "", useCases: [], fields: [] };
      models.push(current);
      continue;
    }
    if (!current) continue;
    const tag = /^_(.+)_$/.exec(line.trim());
    if (tag && !current.tagline) current.tagline = tag[1];
    const use = /\*\*Use Cases\*\*: (.+)$/.exec(line);
    if (use) current.useCases = [use[1].trim()];
    const dur = /\*\*Duration\*\*: (\d+)(?:-(\d+))? seconds/.exec(line);
    if (dur) current.duration = { min: Number(dur[1]), max: Number(dur[2] ?? dur[1]) };
    const price = /\*\*Pricing\*\*: (.+)$/.exec(line);
    if (price) {
      const flat = /^(\d+) credits\/second/.exec(price[1]);
      if (flat) current.pricing = { creditsPerSecond: Number(flat[1]) };
      else
        current.pricing = {
          by: "resolution",
          rates: Object.fromEntries([...price[1].matchAll(/(\w+): (\d+) credits\/s/g)].map((r) => [r[1], Number(r[2])])),
        };
    }
    if (line.startsWith("```typescript")) inCode = true;
    else if (line.startsWith("```")) inCode = false;
    else if (inCode) {
      const f = parseField(line, current.duration);
      if (f) current.fields.push(f);
    }
  }
  return models;
}
