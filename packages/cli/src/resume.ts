// A paid task is never lost: when a waiting command is interrupted or its download fails, the
// CLI says which `monet wait <id> ...` gets the outputs, with the flags that fix what went wrong,
// never advice that would lead to a second `generate` (a second task, paid again).
import { DEFAULT_MAX_BYTES } from "@monet-ai/client/node";
import type { OutputError } from "@monet-ai/client/outputs";
import { EXIT } from "./exit-codes.js";
import { NextStepError } from "./output.js";

export interface SaveFlags {
  out: string;
  maxBytes: number;
  overwrite?: boolean;
}

/** One shell word: plain text as is, anything else single-quoted. */
export const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command that waits for `id` and saves its outputs as this one would have. */
export function resumeCommand(id: string, o: SaveFlags, extra: { baseUrl?: string; json?: boolean; maxBytes?: number; overwrite?: boolean } = {}): string {
  const words = ["monet", ...(extra.baseUrl ? ["--base-url", extra.baseUrl] : []), "wait", id, "--out", o.out];
  const maxBytes = extra.maxBytes ?? o.maxBytes;
  if (maxBytes !== DEFAULT_MAX_BYTES) words.push("--max-bytes", String(maxBytes));
  if (extra.overwrite ?? o.overwrite) words.push("--overwrite");
  if (extra.json) words.push("--json");
  return words.map(shellWord).join(" ");
}

/**
 * A download that failed after the task succeeded, as the next step: the same outputs with
 * `monet wait`, with a larger --max-bytes or --overwrite where that is what refused them.
 */
export function saveFailed(taskId: string, e: unknown, o: SaveFlags, extra: { baseUrl?: string; json?: boolean }): NextStepError {
  const code = (e as { code?: unknown })?.code;
  const reason = (e as Error)?.message ?? String(e);
  let resume: string;
  let fix = "";
  if (code === "too_large") {
    // The size it declared, when it said one; else the caller picks.
    const declared = (e as OutputError).declaredBytes;
    resume = resumeCommand(taskId, o, { ...extra, maxBytes: declared ?? o.maxBytes * 2 });
    fix = declared ? " (a --max-bytes that fits it)" : " (a larger --max-bytes)";
  } else if (code === "file_exists") {
    resume = resumeCommand(taskId, o, { ...extra, overwrite: true });
    fix = " (--overwrite replaces it; or another --out)";
  } else resume = resumeCommand(taskId, o, extra);
  const message = `task ${taskId} succeeded, but its outputs were not saved: ${reason.replace(/\s*\(raise maxBytes \/ --max-bytes\)|\s*\(pass overwrite \/ --overwrite to replace it\)/, "")}. The task is paid and done: get its outputs without a new task with ${resume}${fix}`;
  return new NextStepError(message, { exitCode: EXIT.failed, taskId, resume, cause: e, code: typeof code === "string" ? code : undefined });
}
