// What a finished task's outputs must be before anything uses them. They come from a server, and a
// dependent step's input takes them as written: resolveInput takes a string in images/videos that
// is not a URL for a local file, so an output "URL" of `secrets.env` had that file uploaded to the
// server. Each must pass the client's output-URL rule (the one downloads follow, with the API's
// origin allowed), checked before any dependent starts, and a task may list at most MAX_OUTPUTS.
import type { Task } from "@monet-ai/client";
import { checkOutputUrl, MAX_OUTPUTS } from "@monet-ai/client/outputs";

export { MAX_OUTPUTS };

/** The output URLs a task lists, in order (outputs without a URL left out; a list that is not one is empty). */
export function outputUrls(task: Task): string[] {
  const list: unknown = task.outputs;
  if (!Array.isArray(list)) return [];
  return list.flatMap((o) => (o && typeof o === "object" && typeof (o as { url?: unknown }).url === "string" ? [(o as { url: string }).url] : []));
}

/**
 * Why the outputs of task `id` cannot be used or saved, or undefined when they can: more than
 * MAX_OUTPUTS of them, or one the output-URL rule refuses (not an absolute http(s) URL, a local or
 * link-local host against a public API...). `allowOrigins`: the API's base URL.
 */
export function refuseOutputs(id: string | undefined, urls: readonly string[], allowOrigins: readonly string[]): string | undefined {
  if (urls.length > MAX_OUTPUTS)
    return `task ${id} lists ${urls.length} outputs; no Monet model makes more than one, and a pipeline saves at most ${MAX_OUTPUTS} per task (nothing of it was saved or used)`;
  for (const [i, url] of urls.entries()) {
    try {
      checkOutputUrl(url, allowOrigins);
    } catch (e) {
      // The client's message shows the URL bounded, without its query.
      return `task ${id} succeeded, but its outputs[${i}] is not an output URL the pipeline uses: ${(e as Error).message} (nothing of it was saved or used)`;
    }
  }
  return undefined;
}
