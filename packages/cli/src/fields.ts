// Turns `--aspect-ratio 16:9 --duration 10 --images ./a.png ./b.png` into a model input, using
// the catalog to know each field's kind; local files become Files the client uploads first.
// `--input file.json` (or `-` for stdin) gives a whole input; flags given beside it win.
import { InputValidationError } from "@monet-ai/client";
import { closest, type FieldInfo, type ModelInfo } from "@monet-ai/models";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { flagOf } from "./input-flag.js";
import { parseJsonText } from "./json-text.js";
import { type LocalFileOptions, localFile, readText } from "./local-file.js";
import { repeated } from "./repeated-flags.js";

export { flagOf, UsageError };

const MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** A URL has a scheme of two letters or more (so `C:\a.png` is a path); anything else is a local path. */
const isUrl = (v: string) => /^[a-z][a-z0-9+.-]+:/i.test(v);

/** The field a flag names: its own name (dashes or underscores), or the singular of a list (`--image`). */
function fieldFor(model: ModelInfo, flag: string): FieldInfo | undefined {
  const name = flag.replace(/-/g, "_");
  return model.fields.find((f) => f.name === name) ?? model.fields.find((f) => f.kind === "string[]" && f.name === `${name}s`);
}

async function convert(field: FieldInfo, raw: string, files: LocalFileOptions): Promise<unknown> {
  if (field.kind === "string[]") return isUrl(raw) ? raw : localFile(raw, { field: flagOf(field), ...files });
  if (field.kind === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  if (field.kind === "number" || field.kind === "integer" || (field.kind === "enum" && typeof field.enum?.[0] === "number"))
    return decimal(raw, field.kind === "integer" || !!field.enum?.every(Number.isInteger));
  return raw;
}

/** What a flag with no value takes: `one of 16:9, 9:16` (a boolean flag alone is true). */
function allowedValues(field: FieldInfo, flag: string): string {
  if (field.enum?.length) return `: one of ${field.enum.join(", ")}`;
  if (field.kind === "string[]") return `: one or more URLs or local files (--${flag} a.png b.png)`;
  if (field.kind === "string") return ` (--${flag} "...")`;
  return field.minimum !== undefined && field.maximum !== undefined ? `: a ${field.kind} from ${field.minimum} to ${field.maximum}` : `: a ${field.kind}`;
}

/**
 * Plain decimal text (`10`, `-2`, `1.5`, `.5`; digits only when `whole`) as a number. Anything else
 * (`0x0a`, ` 10`, `1e3`, `Infinity`, which Number() reads) stays text, for the client to refuse
 * naming the field and what it allows.
 */
export const decimal = (raw: string, whole: boolean): unknown => {
  if (!(whole ? /^-?\d+$/ : /^-?\d*\.?\d+$/).test(raw)) return raw;
  // A whole number past 2^53 - 1 would be rounded (1152921504606846976 read as ...847000): kept
  // as typed, so the refusal quotes what the user wrote.
  return whole && !Number.isSafeInteger(Number(raw)) ? raw : Number(raw);
};

/**
 * The client's refusal of an argument, named by the flag the user typed (`--page-size must be
 * ...`, not `pageSize must be ...`); any other error as it is.
 */
export function asFlags(e: unknown, flags: Record<string, string>): unknown {
  if (!(e instanceof InputValidationError)) return e;
  const named = e.issues.map((i) => {
    const flag = Object.hasOwn(flags, i.path) ? flags[i.path] : undefined;
    return flag && i.message.startsWith(i.path) ? { ...i, path: flag, message: `${flag}${i.message.slice(i.path.length)}` } : i;
  });
  return new InputValidationError(named);
}

/**
 * The input the flags describe. A list flag takes every value up to the next `--flag`
 * (`--videos a.mp4 b.mp4`) and may be repeated (`--image a.png --image b.png`); other flags
 * take one value (`--prompt=--literal` for a value that starts with `--`).
 */
export async function flagsInput(
  model: ModelInfo,
  args: string[],
  files: LocalFileOptions = {},
  /** The command's own flags (`--out`, `--json`: command-flags.ts), listed and suggested beside the model's. */
  own: readonly string[] = [],
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(a)}`, { code: CODE.unexpectedArgument });
    const [flag, inline] = a.slice(2).split(/=(.*)/s);
    const field = fieldFor(model, flag);
    if (!field) {
      // Every flag the command takes, the model's and its own: the suggestion is one of those listed.
      const allowed = [...model.fields.map(flagOf), ...own];
      // Never the word itself (an own flag reaching here): a suggestion must differ from the typo.
      const near = closest(flag, allowed).filter((n) => n !== `--${flag}`);
      throw new UsageError(
        `--${flag} is not an input of ${model.id}${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}; its inputs are ${model.fields.map(flagOf).join(", ")}${own.length ? `; the command's own flags are ${own.join(", ")}` : ""} (see monet generate ${model.type} --model ${model.id} --help)`,
        { hint: false, code: CODE.unknownFlag, field: `--${flag}`, allowed },
      );
    }
    let values: string[];
    if (inline !== undefined) values = [inline];
    else if (field.kind === "string[]") {
      values = [];
      while (i + 1 < args.length && !args[i + 1].startsWith("--")) values.push(args[++i]);
    } else if (i + 1 < args.length && !(field.kind !== "string" && args[i + 1].startsWith("--"))) values = [args[++i]];
    // A bare `--generate-audio` (last, or followed by another flag) is true, as in most CLIs;
    // `--generate-audio false` still turns it off.
    else values = field.kind === "boolean" ? ["true"] : [];
    if (!values.length)
      throw new UsageError(`--${flag} needs a value${allowedValues(field, flag)}`, {
        code: CODE.missingArgument,
        field: `--${flag}`,
        ...(field.enum?.length && { allowed: field.enum }),
      });
    if (field.kind === "string[]") {
      const list = (input[field.name] as unknown[]) ?? [];
      // A file refused is named by the flag as typed (`--image` or `--images`).
      for (const v of values) list.push(await convert(field, v, { ...files, field: `--${flag}` }));
      input[field.name] = list;
    } else {
      if (Object.hasOwn(input, field.name)) throw repeated(`--${flag}`);
      input[field.name] = await convert(field, values[0], files);
    }
  }
  return input;
}

/** The object in `--input <file>` or `--input -` (stdin): the task's `input`, as JSON. */
export async function inputFile(spec: string): Promise<Record<string, unknown>> {
  const text = await readText(spec, MAX_INPUT_BYTES, "--input");
  const value = parseJsonText(text, `--input ${spec}`);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UsageError(`--input ${spec}: must be a JSON object, the task's input ({"model": "...", "prompt": "..."})`, {
      hint: false,
      code: CODE.invalidFile,
      field: "--input",
    });
  return value as Record<string, unknown>;
}
