// The task input: the mapped settings, then `providerOptions.monet` (the model's own fields),
// checked against the model's schema before anything is sent, then input media uploaded.
import { InvalidArgumentError, type SharedV4ProviderOptions, type SharedV4Warning } from "@ai-sdk/provider";
import type { Monet } from "@monet-ai/client";
import { closest, listModels } from "@monet-ai/models";
import { type InputIssue, validateInput } from "@monet-ai/models/validate";
import type { InputFile, Mapped } from "./settings.js";
import type { ModelShape } from "./shape.js";

type MediaField = "images" | "videos";

export interface Prepared {
  input: Record<string, unknown>;
  /** Local media still to upload; their places in `input` hold a placeholder until then. */
  uploads: { field: MediaField; index: number; file: Extract<InputFile, { type: "file" }> }[];
  warnings: SharedV4Warning[];
}

/** A placeholder that passes the URL check while a file waits to be uploaded. */
const PENDING_UPLOAD = "https://upload.invalid/";

/** The AI SDK setting each field is filled from, to name it in errors. */
const SETTING: Record<string, Record<string, string>> = {
  image: { prompt: "prompt", images: "prompt.images" },
  video: { prompt: "prompt", images: "prompt.image, frameImages or inputReferences", videos: "inputReferences" },
};

function readOptions(shape: ModelShape, providerOptions: SharedV4ProviderOptions | undefined): Record<string, unknown> {
  const raw = providerOptions?.monet;
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new InvalidArgumentError({
      argument: "providerOptions.monet",
      message: `providerOptions.monet must be an object of ${shape.id}'s own fields (got ${Array.isArray(raw) ? "a list" : String(raw)})`,
    });
  if ("model" in raw)
    throw new InvalidArgumentError({
      argument: "providerOptions.monet.model",
      message: `providerOptions.monet.model cannot be set: the model is ${shape.id}, chosen with monet.${shape.type}("${shape.id}")`,
    });
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
}

function invalid(shape: ModelShape, issues: InputIssue[], options: Record<string, unknown>): InvalidArgumentError {
  const named = issues.map((i) => {
    const field = i.path.split(/[.[]/)[0];
    if (field in options) return { ...i, argument: `providerOptions.monet.${i.path}`, message: `providerOptions.monet.${i.message}` };
    const setting = SETTING[shape.type][field];
    return { ...i, argument: setting ?? field, message: setting && setting !== field ? `${i.message} (from ${setting})` : i.message };
  });
  return new InvalidArgumentError({
    argument: named[0].argument,
    message: `Invalid input for Monet ${shape.type} model ${shape.id}, nothing was sent: ${named.map((i) => i.message).join("; ")}`,
    cause: named,
  });
}

/** The input to send, or an `InvalidArgumentError` naming every bad field (nothing sent). */
export function prepareInput(shape: ModelShape, mapped: Mapped, providerOptions: SharedV4ProviderOptions | undefined): Prepared {
  const options = readOptions(shape, providerOptions);
  // No prototype: an own "__proto__" key of providerOptions.monet (JSON.parse makes one) is then a
  // field like any other, refused as not the model's, instead of replacing the input's prototype.
  const input: Record<string, unknown> = Object.assign(Object.create(null), { model: shape.id, ...mapped.fields });
  const warnings = [...mapped.warnings];
  const uploads: Prepared["uploads"] = [];
  for (const field of ["images", "videos"] as const) {
    const refs = mapped.media.filter((r) => (r.kind === "image" ? "images" : "videos") === field);
    if (refs.length)
      input[field] = refs.map((r, index) => {
        if (r.file.type === "url") return r.file.url;
        uploads.push({ field, index, file: r.file });
        return PENDING_UPLOAD;
      });
  }
  for (const [key, value] of Object.entries(options)) {
    // Media given here (URLs) come after the media of the standard settings.
    if ((key === "images" || key === "videos") && Array.isArray(input[key]) && Array.isArray(value)) {
      input[key] = [...(input[key] as unknown[]), ...value];
      continue;
    }
    if (key in input && input[key] !== value)
      warnings.push({
        type: "other",
        message: `providerOptions.monet.${key} (${JSON.stringify(value)}) replaces the ${key} the standard settings gave (${JSON.stringify(input[key])})`,
      });
    input[key] = value;
  }
  if (shape.info) {
    const issues = validateInput(shape.type, input);
    if (issues.length) throw invalid(shape, issues, options);
  } else {
    // A typo (nano-banana-l) and a model newer than this package look alike here: the API decides, and the warning names the near ids.
    const near = closest(
      shape.id,
      listModels()
        .filter((m) => m.type === shape.type)
        .map((m) => m.id),
    );
    warnings.push({
      type: "other",
      message: `${shape.id} is not in this package's model catalog${near.length ? ` (a typo of ${near.join(" or ")}?)` : ""}: its input is sent unchecked, and the API checks it`,
    });
  }
  return { input, uploads, warnings };
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) : data;
}

const extension = (mediaType: string) =>
  ({ "image/jpeg": "jpg", "video/quicktime": "mov", "image/svg+xml": "svg" })[mediaType] ?? mediaType.split("/")[1]?.replace(/[^a-z0-9]/gi, "") ?? "bin";

/** Uploads local media through the client (kept for Monet's file lifetime) and puts their URLs into the input. */
export async function uploadMedia(
  client: Monet,
  prepared: Prepared,
  opts: { signal?: AbortSignal; headers: Record<string, string> },
): Promise<Record<string, unknown>> {
  const input = { ...prepared.input };
  for (const field of ["images", "videos"] as const) if (Array.isArray(input[field])) input[field] = [...(input[field] as unknown[])];
  await Promise.all(
    prepared.uploads.map(async ({ field, index, file }) => {
      const filename = `${field.slice(0, -1)}-${index}.${extension(file.mediaType)}`;
      const uploaded = await client.files.upload(new Blob([bytesOf(file.data) as BlobPart], { type: file.mediaType }), {
        filename,
        signal: opts.signal,
        headers: opts.headers,
      });
      (input[field] as unknown[])[index] = uploaded.url;
    }),
  );
  return input;
}
