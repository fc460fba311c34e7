// Turns `--aspect-ratio 16:9 --duration 10 --image ./ref.png` into a model input, using the
// catalog to know each field's kind; local files become Files the client uploads first.
import fs from "node:fs";
import type { ModelInfo } from "@monet-ai/models";
import { fileFromPath } from "@monet-ai/client/node";

export class UsageError extends Error {}

const MEDIA_FLAGS: Record<string, string> = { image: "images", images: "images", video: "videos", videos: "videos" };

/** `--name value` pairs (repeatable) from the arguments commander left unparsed. */
export function flagPairs(args: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    pairs.push([name, value]);
  }
  return pairs;
}

export async function buildInput(model: ModelInfo, pairs: [string, string][]): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = { model: model.id };
  for (const [flag, raw] of pairs) {
    const name = MEDIA_FLAGS[flag] ?? flag.replace(/-/g, "_");
    const field = model.fields.find((f) => f.name === name);
    if (!field) throw new UsageError(`--${flag} is not an input of ${model.id}; its inputs are ${model.fields.map((f) => `--${f.name.replace(/_/g, "-")}`).join(", ")}`);
    if (field.kind === "string[]") {
      const list = (input[name] as unknown[]) ?? [];
      list.push(/^[a-z]+:\/\//i.test(raw) ? raw : fs.existsSync(raw) ? await fileFromPath(raw) : raw);
      input[name] = list;
    } else if (field.kind === "boolean") input[name] = raw === "true" ? true : raw === "false" ? false : raw;
    else if (field.kind === "number" || field.kind === "integer" || (field.kind === "enum" && typeof field.enum?.[0] === "number"))
      input[name] = raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    else input[name] = raw;
  }
  return input;
}
