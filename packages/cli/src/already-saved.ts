// A rerun of the same `generate --idempotency-key K --out DIR` (or `wait <id> --out DIR`) after
// the first run saved the outputs: the files are already there, under the names this task's
// outputs get. That is success, not "file exists". saveOutput writes to a temporary file and links
// it into place, so a file at its final name is always a whole download, never a partial one;
// one whose size is the download's Content-Length is taken as this task's output, saved before.
// Anything else there (another size, no Content-Length to compare, a symlink) stays an error.
import fs from "node:fs/promises";
import path from "node:path";
import type { Task } from "@monet-ai/client";
import { extensionFor, type FetchOutputOptions, type SavedOutput, safeFileName } from "@monet-ai/client/node";
import { openOutput } from "@monet-ai/client/outputs";

/**
 * The outputs of `task` already saved in `dir`, or undefined when they are not (all) there as
 * this task's. Only a task with one output (every Monet model makes one) is recognised: its file
 * is `<task id><extension of its media type>`, as saveOutputs names it. Only the headers are fetched.
 */
export async function alreadySaved(task: Pick<Task, "id" | "outputs">, dir: string, opts: FetchOutputOptions): Promise<SavedOutput[] | undefined> {
  const urls = (task.outputs ?? []).filter((o) => o.url);
  if (task.outputs?.length !== 1 || urls.length !== 1) return undefined;
  const head = await openOutput(String(urls[0].url), opts).catch(() => undefined);
  if (!head) return undefined;
  await head.body.cancel().catch(() => {});
  if (head.size === undefined) return undefined;
  const file = path.join(path.resolve(dir), safeFileName(task.id) + extensionFor(head.type));
  // lstat: a symlink planted at the name is not a saved output, whatever it points to.
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st?.isFile() || st.size !== head.size) return undefined;
  return [{ path: file, bytes: st.size, contentType: head.type }];
}
