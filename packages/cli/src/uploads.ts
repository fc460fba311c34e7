// The local files of a `generate` input (LocalFile, opened and checked by local-file.ts) are
// uploaded by the CLI itself, before the create: it then knows the URLs the task's body holds,
// so a command printed to re-attach to that task can send the very same body (resume.ts).
import type { Monet } from "@monet-ai/client";
import { asUploaded } from "@monet-ai/client/node";
import { LocalFile } from "./local-file.js";

/** An input as the CLI builds it: its model named, the rest checked by the client's validator. */
export type Input = { model: string; [field: string]: unknown };

const mapFiles = (input: Input, f: (file: LocalFile) => unknown): Input => ({
  ...Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => (x instanceof LocalFile ? f(x) : x)) : v])),
  model: input.model, // a string, never a list: as it was (said here for its type)
});

/**
 * The input as it will be sent, each local file standing for the URL it will get: what to check
 * before uploading. The client's own placeholder (asUploaded), reached by standing in a Blob for each file.
 */
export const pendingInput = (input: Input) => asUploaded(mapFiles(input, () => new Blob()));

export const hasLocalFiles = (input: Record<string, unknown>) => Object.values(input).some((v) => Array.isArray(v) && v.some((x) => x instanceof LocalFile));

/** Each local file uploaded (one at a time, from its checked handle) and replaced by its URL, in place. */
export async function uploadInput(monet: Monet, input: Input, signal?: AbortSignal): Promise<Input> {
  const files = Object.values(input).flatMap((v) => (Array.isArray(v) ? v.filter((x): x is LocalFile => x instanceof LocalFile) : []));
  const urls = new Map<LocalFile, string>();
  try {
    for (const f of files) urls.set(f, (await f.upload(monet, signal)).url);
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
  return mapFiles(input, (f) => urls.get(f));
}
