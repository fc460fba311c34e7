// `monet api <operationId> [--param value ...] [--body JSON|@file|-]`: any operation of the API,
// in the spirit of `gh api`, driven by the operations table: an operation added to the spec is a
// command here with no hand edit. Flags are the operation's path and query parameters in
// kebab-case (--task-id, --page-size); the client checks them against the spec's bounds before
// anything is sent. The answer is printed as JSON (a stream: one event per line).

import { type Monet, MonetError, type Task } from "@monet-ai/client";
import { DEFAULT_MAX_BYTES } from "@monet-ai/client/node";
import { type OperationRow, operations, type ParamSchema, requestById } from "@monet-ai/client/operations";
import { closest } from "@monet-ai/models";
import type { Command } from "commander";
import { commandFlags } from "./command-flags.js";
import { CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { asFlags, decimal } from "./fields.js";
import { catchInterrupt, goesOn, type Interrupt } from "./interrupt.js";
import { parseJsonText } from "./json-text.js";
import { type LocalFileOptions, localFile, readText } from "./local-file.js";
import { explain } from "./output.js";
import { repeated } from "./repeated-flags.js";
import { canWaitFor, type ResumeExtra, resumeCommand, waitAgain } from "./resume.js";
import { oneLine, safeJson, safeJsonLine } from "./terminal.js";

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const table: Readonly<Record<string, OperationRow>> = operations;
const flagOf = (name: string) => `--${name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`;

/** A parameter's rules in a few words: `integer, 1 to 100, default 20`. */
function rules(s: ParamSchema): string {
  const parts = [s.enum ? `one of ${s.enum.join(", ")}` : s.type];
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) parts.push(`from ${s.minimum}`);
  else if (s.maximum !== undefined) parts.push(`at most ${s.maximum}`);
  if (s.default !== undefined) parts.push(`default ${s.default}`);
  return parts.filter(Boolean).join(", ");
}

function usage(op: OperationRow): string {
  const params = op.params.map((p) => `    ${flagOf(p.name)} <${p.name}>  ${p.in}, ${rules(p.schema)}${p.required ? ", required" : ""}`);
  if (op.body)
    params.push(
      `    --body <json|@file|->  ${op.body.contentType}${op.body.required ? ", required" : ""}${op.multipart ? ' (a field "@path" uploads that local file)' : ""}`,
    );
  return [`  ${op.operationId}  ${op.method} ${op.path}${op.streaming ? "  (event stream)" : ""}`, ...params].join("\n");
}

/** The help text: every operation, or one, with its flags and the spec's rules for them. */
export function apiHelp(operationId?: string): string {
  const one = operationId && Object.hasOwn(table, operationId) ? [table[operationId]] : Object.values(table);
  return `\nOperations (from the API spec):\n${one.map(usage).join("\n")}`;
}

/** A query value as its schema types it; anything else is left as text for the client to refuse. */
function typed(s: ParamSchema, raw: string): unknown {
  if (s.type === "integer" || s.type === "number") return decimal(raw, s.type === "integer");
  if (s.type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

async function bodyOf(op: OperationRow, raw: string, files: LocalFileOptions): Promise<unknown> {
  const text = raw === "-" || raw.startsWith("@") ? await readText(raw === "-" ? "-" : raw.slice(1), MAX_BODY_BYTES, "--body") : raw;
  // Where the JSON breaks, never its text (a file's first bytes could be a secret).
  // (JSON typed on the command line is the user's own text: named as typed, shortened.)
  const body = parseJsonText(text, `--body ${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}`, true);
  if (!op.multipart) return body;
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new UsageError(`--body must be a JSON object of form fields for ${op.operationId}`, { field: "--body" });
  // A form field "@path" is a local file, as in curl -F.
  const form: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body))
    form[k] = typeof v === "string" && v.startsWith("@") ? await (await localFile(v.slice(1), { ...files, field: "--body" })).file() : v;
  return form;
}

/** The request `monet api` sends for these arguments, checked before anything is sent. */
export async function apiRequest(
  operationId: string | undefined,
  args: string[],
  files: LocalFileOptions = {},
  /** The api command's own flags (command-flags.ts), listed and suggested beside the operation's. */
  own: readonly string[] = [],
) {
  if (!operationId)
    throw new UsageError(`name an operation: monet api <operationId>; the operations are ${Object.keys(table).join(", ")}`, {
      code: CODE.missingArgument,
      field: "operationId",
      allowed: Object.keys(table),
    });
  if (!Object.hasOwn(table, operationId))
    throw new UsageError(`operationId must be one of ${Object.keys(table).join(", ")} (got ${JSON.stringify(operationId)})`, {
      field: "operationId",
      allowed: Object.keys(table),
    });
  const op = table[operationId];
  const byFlag = new Map(op.params.map((p) => [flagOf(p.name), p]));
  for (const p of op.params) byFlag.set(`--${p.name}`, p);
  const opFlags = [...op.params.map((p) => flagOf(p.name)), ...(op.body ? ["--body"] : [])];
  // --body is the command's own flag, offered only to an operation that takes one.
  const ownFlags = own.filter((f) => f !== "--body");
  const allowed = [...opFlags, ...ownFlags];
  const params: { path: Record<string, unknown>; query: Record<string, unknown>; body?: unknown } = { path: {}, query: {} };
  const given = new Set<unknown>(); // each flag once (its two spellings are one)
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    if (!flag.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(args[i])}`, { code: CODE.unexpectedArgument });
    const value = inline ?? args[++i];
    const param = byFlag.get(flag);
    if (!param && flag !== "--body") {
      const near = closest(flag, allowed).filter((n) => n !== flag);
      throw new UsageError(
        `${flag} is not a flag of ${operationId}${near.length ? ` (did you mean ${near.join(" or ")}?)` : ""}; ${opFlags.length ? `its flags are ${opFlags.join(", ")}` : "it takes none"}${ownFlags.length ? `; the command's own flags are ${ownFlags.join(", ")}` : ""}`,
        { code: CODE.unknownFlag, field: flag, allowed },
      );
    }
    if (flag === "--body" && !op.body) throw new UsageError(`${operationId} takes no --body`, { code: CODE.unknownFlag, field: "--body", allowed });
    if (value === undefined) throw new UsageError(`${flag} needs a value`, { code: CODE.missingArgument, field: flag });
    if (given.has(param ?? flag)) throw repeated(flag);
    given.add(param ?? flag);
    if (!param) params.body = await bodyOf(op, value, files);
    else if (param.in === "path") params.path[param.name] = value;
    else params.query[param.name] = typed(param.schema, value);
  }
  for (const p of op.params)
    if (p.required && params[p.in][p.name] === undefined)
      throw new UsageError(`${flagOf(p.name)} is required for ${operationId}`, { code: CODE.missingArgument, field: flagOf(p.name) });
  if (op.body?.required && params.body === undefined)
    throw new UsageError(`--body is required for ${operationId} (${op.body.contentType})`, { code: CODE.missingArgument, field: "--body" });
  return { op, params };
}

/**
 * A stream that stopped before its task's final event, naming the task: the same error (its exit
 * code and code), said with the command that waits for that task, as generate says it. The
 * client's hint to code ("poll it with tasks.get") gives way to that command.
 */
function streamStopped(e: unknown, extra: ResumeExtra): unknown {
  const id = e instanceof MonetError ? e.taskId : undefined;
  if (!canWaitFor(e, id)) return e;
  const why = oneLine((e as Error).message)
    .replace(/; task .* goes on: poll it with tasks\.get.*$/, "")
    .replace(/[.\s]+$/, "");
  return waitAgain(why, id, { out: ".", maxBytes: DEFAULT_MAX_BYTES }, { exitCode: explain(e).code, cause: e, extra });
}

/**
 * A stream stopped by Ctrl-C or SIGTERM: the task it followed goes on at the API, with the command
 * that waits for it (a last stdout line `{"interrupted": true, ...}` with --json, as the stream's
 * lines are there), then exit 130/143. Before the API named the task, nothing names it.
 */
function streamInterrupted(stop: Interrupt, task: Task | undefined, extra: ResumeExtra): never {
  const resume = task && canWaitFor(undefined, task.id) ? resumeCommand(task.id, { out: ".", maxBytes: DEFAULT_MAX_BYTES }, extra) : undefined;
  if (extra.json) console.log(safeJsonLine({ interrupted: true, signal: stop.received, taskId: task?.id ?? null, resume: resume ?? null }));
  else if (task && resume) console.error(goesOn(stop.received, task, resume));
  else
    console.error(
      `interrupted (${stop.received}) before the API named the task${task ? " by an id a wait can follow" : ""}: monet list shows the tasks created.`,
    );
  process.exit(stop.exitCode);
}

export function registerApi(program: Command, client: () => Monet, resumeExtra: () => ResumeExtra) {
  const api = program
    .command("api [operationId]")
    .description("call any operation of the API by its operationId, with its parameters as flags; prints the JSON answer (like gh api)")
    .option("--body <json>", "the request body: JSON, @file, or - for stdin")
    .option("--any-file", 'let a multipart "@path" field send a file that is not an image, video or audio file')
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption("-h, --help", "list the operations, or one operation's flags (monet api getTask --help)");
  api.addHelpText("after", () => apiHelp(api.args[0]));
  api.action(async (operationId: string | undefined, o: { body?: string; anyFile?: boolean }, cmd: Command) => {
    const args = [...cmd.args.slice(1), ...(o.body !== undefined ? ["--body", o.body] : [])];
    const { op, params } = await apiRequest(operationId, args, { anyFile: o.anyFile }, commandFlags(cmd));
    // The client names a refused parameter by its API name (taskId): said here as the flag typed.
    const flags = Object.fromEntries(op.params.map((p) => [p.name, flagOf(p.name)]));
    // A stream follows a paid task: a signal stops it and says which task goes on, and how to wait for it.
    const stop = op.streaming ? catchInterrupt() : undefined;
    const result = await requestById(client(), op.operationId, params, { signal: stop?.signal }).catch((e) => {
      if (stop?.received) streamInterrupted(stop, undefined, resumeExtra());
      throw asFlags(e, flags);
    });
    if (stop) {
      let task: Task | undefined;
      // One event per line, as it comes: a script can follow a long task.
      try {
        for await (const e of result as AsyncIterable<{ task?: Task }>) {
          if (typeof e?.task?.id === "string") task = e.task;
          console.log(safeJsonLine(e));
        }
      } catch (e) {
        if (stop.received) streamInterrupted(stop, task, resumeExtra());
        throw streamStopped(e, resumeExtra());
      } finally {
        stop.end();
      }
      return;
    }
    if (result instanceof Response) {
      await result.body?.cancel();
      return console.log(safeJson({ status: result.status, contentType: result.headers.get("content-type") }));
    }
    console.log(safeJson(result ?? null));
  });
}
