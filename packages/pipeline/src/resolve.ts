// One task's input for one item: templates filled in, text from CSV turned into the numbers and
// booleans the model expects, local files found (and confined to the pipeline's folder). Only text
// the user wrote (the pipeline file, its items) names local files: a value made from a step's
// output comes from a server, which must never choose a file to upload.
import { shown } from "@monet-ai/client/outputs";
import { getModel } from "@monet-ai/models";
import type { Pipeline, TaskNode } from "./definition.js";
import { type LocalFile, mediaNameIssue } from "./local-media.js";
import { confinedFile } from "./paths.js";
import { MissingValue, parseRefs, substitute } from "./template.js";

const MEDIA = ["images", "videos"];
const isUrl = (s: string) => /^[a-z][a-z\d+.-]*:/i.test(s);
const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};
/** The steps whose outputs a raw (unsubstituted) value refers to. */
const stepsIn = (raw: unknown) => (typeof raw === "string" ? parseRefs(raw).refs.flatMap((r) => (r.kind === "step" ? [r.step] : [])) : []);

export type { LocalFile };

export type Resolved = { ok: true; input: Record<string, unknown>; local: LocalFile[] } | { ok: false; field: string; message: string };

/**
 * The input of `node` with its templates filled in from the item and `output(step, index)`
 * (`made(step)`: how many outputs the step made, for the message when one is missing).
 * Local paths in `images`/`videos` are listed in `local` and left as written.
 */
export function resolveInput(
  p: Pipeline,
  node: TaskNode,
  output: (step: string, index: number) => string | undefined,
  made?: (step: string) => number | undefined,
): Resolved {
  let input: Record<string, unknown>;
  try {
    input = substitute(node.step.input, { item: node.item, output, made }) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof MissingValue) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
  coerce(node.step.type, node.step.input, input);
  const local: LocalFile[] = [];
  for (const field of MEDIA) {
    const list = input[field];
    if (!Array.isArray(list)) continue;
    const raw = node.step.input[field];
    for (const [index, v] of list.entries()) {
      if (typeof v !== "string") continue;
      // Output URLs are checked when their task ends; this holds for text written around them too
      // ("./${{ steps.still.outputs[0].url }}" would make a path of a server's URL).
      const from = stepsIn(Array.isArray(raw) ? raw[index] : undefined);
      if (from.length && !isHttpUrl(v))
        return {
          ok: false,
          field: `${field}[${index}]`,
          message: `${field}[${index}] is made from an output of step ${from[0]}, so it must be an absolute http(s) URL; it is ${shown(v)}, which would name a local file (only files written in the pipeline file or its items are uploaded)`,
        };
      if (isUrl(v)) continue;
      const refuse = (why: string): Resolved => ({ ok: false, field: `${field}[${index}]`, message: `${field}[${index}] is a local file that ${why}` });
      const found = confinedFile(p.baseDir, v);
      if ("error" in found) return refuse(found.error);
      const notMedia = mediaNameIssue(v, found.path);
      if (notMedia) return refuse(notMedia);
      local.push({ field, index, given: v, path: found.path });
    }
  }
  return { ok: true, input, local };
}

/** A templated value arrives as text (CSV has no numbers): make it what the model's field takes. */
function coerce(type: string, raw: Record<string, unknown>, input: Record<string, unknown>) {
  const model = typeof input.model === "string" ? getModel(type, input.model) : undefined;
  if (!model) return;
  for (const f of model.fields) {
    const v = input[f.name];
    if (typeof v !== "string" || typeof raw[f.name] !== "string" || !(raw[f.name] as string).includes("${{")) continue;
    const numeric = f.kind === "number" || f.kind === "integer" || (f.kind === "enum" && f.enum?.every((e) => typeof e === "number"));
    if (numeric && /^-?\d+(\.\d+)?$/.test(v.trim())) input[f.name] = Number(v);
    else if (f.kind === "boolean" && /^(true|false)$/i.test(v.trim())) input[f.name] = v.trim().toLowerCase() === "true";
  }
}

/** A stand-in URL for an output that does not exist yet (dry runs check it as a URL). */
export const plannedOutput = (node: TaskNode) => (step: string, index: number) =>
  `https://outputs.invalid/${encodeURIComponent(step)}/${encodeURIComponent(node.itemName)}/${index}`;
