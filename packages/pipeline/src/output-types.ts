// What a saved output must be: of the kind of media the step makes. A `text/html` page served as
// an image step's output was saved as `still/a.bin` and counted a success (exit 0), and a pipeline
// feeding files onward took it for an image. The client's list of output media types
// (OUTPUT_EXTENSIONS, what `outputs()` calls `allowedType`) decides a declared type; a body
// declared only as bytes (`application/octet-stream`, or no type: some file hosts serve any file
// so, and `monet download` saves it as `.bin`) is judged by its first bytes (the client's
// `mediaKind` signatures, as for uploads).
import fs from "node:fs";
import type { TaskType } from "@monet-ai/client";
import { MEDIA_EXTENSIONS, mediaKind, SNIFF_BYTES } from "@monet-ai/client/node";
import { knownType, OUTPUT_EXTENSIONS, UNKNOWN_TYPE } from "@monet-ai/client/outputs";
import { NO_FOLLOW_READ } from "./no-follow-read.js";

/** The media kind (the part before `/`) of each task type's outputs; a new type in the spec fails the type check here. */
const KIND: Readonly<Record<TaskType, string>> = { image: "image", video: "video", music: "audio" };

/** Types that say only "bytes": the first bytes decide. */
const UNTYPED = new Set(["", UNKNOWN_TYPE, "binary/octet-stream"]);

/**
 * Why output `index` of a `type` step, saved as `file` with media type `contentType`, is not of
 * the step's kind, or undefined when it is. `contentType` undefined (a journal from before it was
 * recorded) passes.
 */
export function wrongType(type: TaskType, contentType: string | undefined, index: number, file: string): string | undefined {
  const kind = KIND[type];
  if (contentType === undefined || !kind) return undefined;
  if (UNTYPED.has(contentType) ? looksLike(file, kind) : knownType(contentType).startsWith(`${kind}/`)) return undefined;
  const allowed = Object.keys(OUTPUT_EXTENSIONS).filter((t) => t.startsWith(`${kind}/`));
  const what = UNTYPED.has(contentType) ? `${JSON.stringify(contentType || "untyped")} and its first bytes are no ${kind} file's` : JSON.stringify(contentType);
  return `outputs[${index}] is ${what}, not ${kind === "image" ? "an" : "a"} ${kind} (${allowed.join(", ")}); the file was not kept`;
}

/** Whether `file` starts like a file of media kind `kind` (`image`, `video`, `audio`). */
function looksLike(file: string, kind: string): boolean {
  const head = new Uint8Array(SNIFF_BYTES);
  let n = 0;
  try {
    const fd = fs.openSync(file, NO_FOLLOW_READ);
    try {
      n = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  return MEDIA_EXTENSIONS.some((ext) => {
    const k = mediaKind(ext);
    return k?.type.startsWith(`${kind}/`) && k.looks(head.subarray(0, n));
  });
}
