// A paid task is never lost: when a waiting command is interrupted or its download fails, the
// CLI says which `monet wait <id> ...` gets the outputs, with the flags that fix what went wrong,
// never advice that would lead to a second `generate` (a second task, paid again).
import { DEFAULT_MAX_BYTES } from "@monet-ai/client/node";
import { isFollowableTaskId } from "@monet-ai/client/operations";
import type { OutputError } from "@monet-ai/client/outputs";
import { EXIT } from "./exit-codes.js";
import { NextStepError } from "./output.js";
import { selfWords } from "./self-command.js";
import { oneLine } from "./terminal.js";

export interface SaveFlags {
  out: string;
  maxBytes: number;
  overwrite?: boolean;
  /** --wait-timeout, in seconds: a command that waits again keeps the same bound. */
  waitTimeout?: number;
  /** false with --no-download: the task is waited for and printed with its URLs, nothing saved. */
  download?: boolean;
}

/** The words that save as `o` says: --no-download, or --out and the flags that differ from the defaults. */
function saveWords(o: SaveFlags, maxBytes = o.maxBytes, overwrite = o.overwrite): string[] {
  if (o.download === false) return ["--no-download"];
  return ["--out", o.out, ...(maxBytes !== DEFAULT_MAX_BYTES ? ["--max-bytes", String(maxBytes)] : []), ...(overwrite ? ["--overwrite"] : [])];
}

// Characters a terminal acts on (C0, DEL, C1, bidi overrides, line separators): never written raw
// into a command, where a harness that prints it would send them to a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;

/** `s` as ANSI-C quoting (`$'...'`, bash, zsh, ksh), every unprintable character as an escape. */
const ansiC = (s: string) =>
  `$'${[...s]
    .map((c) => {
      if (c === "\\" || c === "'") return `\\${c}`;
      if (!UNPRINTABLE.test(c)) return c;
      // Its UTF-8 bytes, each as \xHH: the same text whatever the shell's locale.
      return [...Buffer.from(c)].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
    })
    .join("")}'`;

/** One shell word: plain text as is, anything else single-quoted (ANSI-C quoted when it holds control characters). */
export const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : UNPRINTABLE.test(s) ? ansiC(s) : `'${s.replace(/'/g, `'\\''`)}'`);

/** The global flags a printed command carries over (MONET_BASE_URL and MONET_TIMEOUT carry over by themselves). */
export interface ResumeExtra {
  baseUrl?: string;
  /** --timeout, in seconds: the next run's requests are bounded as this one's were. */
  timeout?: number;
  json?: boolean;
}

/** --base-url and --timeout as given, before the command's name. */
const globalWords = (extra: ResumeExtra) => [
  ...(extra.baseUrl ? ["--base-url", extra.baseUrl] : []),
  ...(extra.timeout !== undefined ? ["--timeout", String(extra.timeout)] : []),
];

/** The command that waits for `id` and saves its outputs as this one would have. */
export function resumeCommand(id: string, o: SaveFlags, extra: ResumeExtra & { maxBytes?: number; overwrite?: boolean } = {}): string {
  // An id that starts with "-" goes last, after `--` (commander would read it as an option).
  const dash = id.startsWith("-");
  const words = [
    ...selfWords(),
    ...globalWords(extra),
    "wait",
    ...(dash ? [] : [id]),
    ...saveWords(o, extra.maxBytes ?? o.maxBytes, extra.overwrite ?? o.overwrite),
  ];
  if (o.waitTimeout !== undefined) words.push("--wait-timeout", String(o.waitTimeout));
  if (extra.json) words.push("--json");
  if (dash) words.push("--", id);
  return words.map(shellWord).join(" ");
}

/**
 * Whether `monet wait <id>` can go on with the task an error names: not when the client refused the
 * id the API named it by (`unfollowableTaskId`), nor one no `GET /tasks/{taskId}` takes (the
 * client's rule), nor when its output URL was refused as unsafe (every rerun is refused the same way).
 */
export function canWaitFor(e: unknown, id: string | undefined): id is string {
  const { unfollowableTaskId, code } = (e ?? {}) as { unfollowableTaskId?: unknown; code?: unknown };
  return id !== undefined && unfollowableTaskId === undefined && code !== "unsafe_url" && isFollowableTaskId(id);
}

/**
 * A command that stopped waiting for a task that goes on at the API (a wait that ran out of time,
 * polls or a stream that lost the API): why, then the command that waits for it again, on a line
 * of its own. The one wording for generate, wait and api.
 */
export function waitAgain(
  why: string,
  id: string,
  o: SaveFlags,
  opts: { exitCode: number; code?: string; cause: unknown; when?: string; extra: ResumeExtra },
): NextStepError {
  return new NextStepError(`${why}; the task goes on at the API. Wait for it again${opts.when ? `, ${opts.when},` : ""} with:`, {
    exitCode: opts.exitCode,
    taskId: id,
    code: opts.code,
    resume: resumeCommand(id, o, opts.extra),
    cause: opts.cause,
  });
}

/**
 * A download that failed after the task succeeded, as the next step: the same outputs with
 * `monet wait`, with a larger --max-bytes or --overwrite where that is what refused them.
 */
export function saveFailed(taskId: string, e: unknown, o: SaveFlags, extra: ResumeExtra): NextStepError {
  const code = (e as { code?: unknown })?.code;
  const reason = (e as Error)?.message ?? String(e);
  const why = oneLine(reason.replace(/\s*\(raise maxBytes \/ --max-bytes\)|\s*\(pass overwrite \/ --overwrite to replace it\)/, ""));
  const done = `task ${oneLine(taskId)} succeeded, but its outputs were not saved: ${why}.`;
  // A URL refused as unsafe is refused again by every rerun (the task's URL does not change): no
  // command to paste, which would fail the same way, but who can fix it.
  if (code === "unsafe_url")
    return new NextStepError(
      `${done} The task's output URL cannot be fetched safely, by this or any rerun: report it (task ${oneLine(taskId)}) to whoever runs the API.`,
      {
        exitCode: EXIT.failed,
        taskId,
        cause: e,
        code,
      },
    );
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
  } else if (code === "download_failed") {
    resume = resumeCommand(taskId, o, extra);
    // The same wait fails the same way while this machine cannot reach the output host (Prism's
    // example URLs never can): the flag that gets the URLs instead.
    fix = " (or only their URLs, with --no-download in place of --out, where this machine cannot reach their host)";
  } else resume = resumeCommand(taskId, o, extra);
  // Each server-provided field is cleaned on its own; the command itself goes on a line of its own (NextStepError).
  const message = `${done} The task is paid and done: get its outputs without a new task${fix} with:`;
  return new NextStepError(message, { exitCode: EXIT.failed, taskId, resume, cause: e, code: typeof code === "string" ? code : undefined });
}

/** How a `generate` was run: its arguments and the idempotency key its create was sent with. */
export interface GenerateRun {
  argv: string[];
  key: string;
  /** Whether the key came from --idempotency-key (then argv holds it). */
  keyGiven: boolean;
}

/** The exact input a create sent (JSON text, uploads as their URLs), for a command that sends it again. */
export interface SentInput extends ResumeExtra {
  type: string;
  input: string;
  save: SaveFlags;
  wait: boolean;
}

/**
 * The command that sends a `generate`'s create again with its idempotency key, so it re-attaches
 * to the task the first one created instead of paying for another. The same arguments do, unless
 * they would not give the same body: local files (uploaded anew under new URLs, which the API
 * refuses with 409 for that key) or `--input -` (the terminal's stdin). Then the exact input that
 * was sent is given on stdin by `printf`.
 */
export function reattachCommand(run: GenerateRun, sent?: SentInput): string {
  if (!sent) return [...selfWords(), ...run.argv, ...(run.keyGiven ? [] : ["--idempotency-key", run.key])].map(shellWord).join(" ");
  const words = [...selfWords(), ...globalWords(sent), "generate", sent.type, "--input", "-"];
  if (!sent.wait) words.push("--no-wait");
  else {
    words.push(...saveWords(sent.save));
    if (sent.save.waitTimeout !== undefined) words.push("--wait-timeout", String(sent.save.waitTimeout));
  }
  words.push("--idempotency-key", run.key);
  if (sent.json) words.push("--json");
  return `printf '%s\\n' ${shellWord(sent.input)} | ${words.map(shellWord).join(" ")}`;
}
