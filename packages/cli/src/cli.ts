// monet: the Monet AI API from the terminal. Models from the catalog, generation with live
// progress, safe downloads, and --json on every command for scripts.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  APIConnectionError,
  APIError,
  ConflictError,
  InputValidationError,
  Monet,
  RateLimitError,
  type RetryInfo,
  retryPolicy,
  type Task,
  TaskFailedError,
  WaitTimeoutError,
} from "@monet-ai/client";
import { type SavedOutput, saveOutputs } from "@monet-ai/client/node";
import { FILE_LIFETIME, listTasks, param, SUCCESS_STATUS, TASK_TYPES } from "@monet-ai/client/operations";
import { didYouMean, durationText, type Feature, getModel, listModels, type ModelType } from "@monet-ai/models";
import { validateInput } from "@monet-ai/models/validate";
import { Command, CommanderError } from "commander";
import { alreadySaved } from "./already-saved.js";
import { registerApi } from "./api-command.js";
import { commandFlags } from "./command-flags.js";
import { endOfOptions, refuseAfterEnd } from "./end-of-options.js";
import { CODE } from "./error-codes.js";
import { type BaseSource, checkBaseUrl, noKey, UsageError } from "./errors.js";
import { emit } from "./events.js";
import { EXIT, EXIT_HELP } from "./exit-codes.js";
import { asFlags, decimal, flagsInput, inputFile } from "./fields.js";
import { catchInterrupt, goesOn, type Interrupt } from "./interrupt.js";
import { jsonMode, parsedJson } from "./json-mode.js";
import { localFile } from "./local-file.js";
import { maxBytesOption } from "./max-bytes.js";
import { modelFlags, modelHelp } from "./model-help.js";
import { noCommand } from "./no-command.js";
import { explain, NextStepError, table } from "./output.js";
import { version } from "./package-info.js";
import { isParserError, parserError } from "./parser-errors.js";
import { registerPipeline } from "./pipeline.js";
import { pollInterval } from "./poll-interval.js";
import { progress, progressMode } from "./progress.js";
import { refuseRepeatedFlags } from "./repeated-flags.js";
import { requestTimeoutMs, requestTimeoutOption } from "./request-timeout.js";
import { type ResumeExtra, reattachCommand, resumeCommand, type SaveFlags, saveFailed, shellWord, waitAgain } from "./resume.js";
import { confine } from "./roots.js";
import { selfWords } from "./self-command.js";
import { clean, oneLine, redactWrites, safeJson, safeJsonLine, visible } from "./terminal.js";
import { unfollowableTask } from "./unfollowable-task.js";
import { hasLocalFiles, pendingInput, uploadInput } from "./uploads.js";
import { waitTimeoutMs, waitTimeoutOption } from "./wait-timeout.js";

// First, before anything is printed: the key this CLI sends never reaches its output.
redactWrites(process.env.MONET_API_KEY);

const program: Command = new Command("monet")
  .description("Generate video, images and music with Monet AI (MONET_API_KEY).")
  .version(version, "-v, --version")
  .option("--base-url <url>", "API base URL, e.g. the mock's (default: MONET_BASE_URL or https://monet.vision)")
  .addOption(requestTimeoutOption())
  .option("--json", 'machine-readable output: the result as one JSON value on stdout; on stderr, event lines ({"event": ...}) and an error as one JSON object')
  // Every subcommand's help lists --json and --base-url too, and ends with the exit codes.
  .configureHelp({ showGlobalOptions: true })
  .addHelpText("afterAll", EXIT_HELP)
  // Commander's own errors (an unknown command, a missing argument) reach fail(): exit 2, and JSON with --json.
  .exitOverride()
  // Commander's own error text is never printed: fail() says it as one line (parser-errors.ts).
  // With --json, stderr holds only the one JSON error.
  .configureOutput({
    outputError: () => undefined,
    writeErr: (text: string) => (jsonMode() ? undefined : process.stderr.write(text)),
  });

type GlobalFlags = { baseUrl?: string; json?: boolean; timeout?: number };
const opts = (): GlobalFlags => program.opts<GlobalFlags>();
/** The API base and where it came from: --base-url wins over MONET_BASE_URL (an empty one is unset). */
const baseSource = (): BaseSource =>
  opts().baseUrl !== undefined
    ? { value: opts().baseUrl, from: "--base-url" }
    : process.env.MONET_BASE_URL
      ? { value: process.env.MONET_BASE_URL, from: "MONET_BASE_URL" }
      : {};
const baseUrl = () => baseSource().value;
/** The client, once the base URL and the key are known to be usable (bad usage, exit 2, otherwise). */
const client = () => {
  const base = baseSource();
  const url = checkBaseUrl(base);
  if (!process.env.MONET_API_KEY) throw new UsageError(noKey(base), { hint: false, code: CODE.missingKey, field: "MONET_API_KEY" });
  return new Monet({ baseUrl: url, timeout: requestTimeoutMs(opts().timeout), retry: { onRetry: retrying } });
};
/** A failed request or poll tried again: said on stderr (an event line with --json), not retried in silence. */
const retrying = (i: RetryInfo) => {
  const delayMs = Math.round(i.delay);
  const why = oneLine(i.error.message);
  if (jsonMode())
    emit(true, {
      event: "retrying",
      what: i.what,
      retry: i.retry,
      delayMs,
      reason: i.error.message,
      ...(i.error.taskId !== undefined && { taskId: i.error.taskId }),
    });
  else process.stderr.write(`retrying ${oneLine(i.what)} in ${delayMs} ms (retry ${i.retry}): ${why}\n`);
};
/** Human text is stripped of control characters; JSON has them escaped. */
const print = (human: string, data: unknown) => console.log(opts().json ? safeJson(data) : clean(human));
const TYPES: readonly string[] = TASK_TYPES;
const checkType = (t: string, field = "type") => {
  // A typo (imgae) is answered with the closest type, as a command, a flag or a model id is.
  if (!TYPES.includes(t))
    throw new UsageError(`${field} must be one of ${TYPES.join(", ")} (got ${JSON.stringify(t)})${didYouMean(t, TYPES)}`, { field, allowed: TYPES });
  return t as ModelType;
};
const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
/** Why --model is not a model of that type: the type it is (and its command), or that there is none. */
const notOfType = (id: string, type: string) => {
  const other = listModels().filter((m) => m.id === id);
  if (other.length)
    return `${id} is ${other.map((m) => `${article(m.type)} ${m.type}`).join(" and ")} model, not ${article(type)} ${type} model: monet generate ${other[0].type} --model ${id} ...`;
  const ids = listModels({ type: type as ModelType }).map((m) => m.id);
  return `${id} is not ${article(type)} ${type} model${didYouMean(id, ids) || `; run monet models --type ${type}`}`;
};
const percent = (t: Task) => (t.outputs?.[0]?.progress !== undefined ? `  ${t.outputs[0].progress}%` : "");
// Server strings that must stay on their line go through oneLine, each field on its own (an
// unterminated sequence in one cannot reach the next); print() cleans the rest.
const summary = (t: Task) => `${oneLine(t.id)}  ${oneLine(t.type)}  ${oneLine(t.status)}${percent(t)}  ${oneLine(t.created_at)}`;
// The list's bounds and defaults, and the poll interval, are the spec's (the operations table).
const PAGE = param(listTasks, "page");
const PAGE_SIZE = param(listTasks, "pageSize");

// Downloads: where, how big, whether to replace (SaveFlags); the rules themselves live in the client's saveOutput.
const withSaveOptions = (c: Command) =>
  c
    .option("--out <dir>", "where to save outputs", ".")
    .addOption(maxBytesOption())
    .option("--overwrite", "replace a file of the same name (never through a symlink)")
    .option("--no-download", "wait, then print the finished task with its output URLs and save nothing (--json: {task, files: []})");

/** --no-download saves nothing: a flag that says how to save would be silently ignored. */
function refuseSaveFlags(o: SaveFlags, cmd: Command) {
  if (o.download !== false) return;
  for (const [name, flag] of [
    ["out", "--out"],
    ["maxBytes", "--max-bytes"],
    ["overwrite", "--overwrite"],
  ])
    if (cmd.getOptionValueSource(name) === "cli")
      throw new UsageError(`${flag} does nothing with --no-download (nothing is saved): drop one of them`, { code: CODE.unexpectedArgument, field: flag });
}

/** A finished task, not downloaded: its id and output URLs ({task, files: []} with --json, the shape of a saved one). */
const printFinished = (t: Task) =>
  print([`done: ${oneLine(t.id)}`, ...(t.outputs ?? []).filter((o) => o.url).map((o) => `  ${oneLine(String(o.url))}`)].join("\n"), { task: t, files: [] });

/**
 * The --out folder, made before a task is created or waited for: a file in the way (or no right
 * to write) is found before the task is paid for, not after it finished.
 */
function outDir(out: string) {
  // Outside MONET_CLI_ROOTS: refused before the folder is made.
  confine(out, "--out");
  try {
    fs.mkdirSync(path.resolve(out), { recursive: true });
    fs.accessSync(path.resolve(out), fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : code === "EACCES" || code === "EPERM" ? "permission denied" : code;
    throw new UsageError(`--out ${out} must be a folder the outputs can be saved in (${why}). Nothing was sent.`, { hint: false, field: "--out" });
  }
}

/** How `monet wait` is reached again: the same --base-url and --timeout (their variables carry over by themselves), and --json. */
const resumeExtra = (): ResumeExtra => ({ baseUrl: opts().baseUrl, timeout: opts().timeout, json: jsonMode() });

async function save(task: Task, o: SaveFlags, signal?: AbortSignal) {
  const base = baseUrl();
  // http: is fetched on loopback and on the configured API origin only (a mock, a dev server).
  const fetching = { maxBytes: o.maxBytes, signal, allowOrigins: base && /^https?:/i.test(base) ? [base] : [] };
  const saved = await saveOutputs(task, { dir: path.resolve(o.out), overwrite: o.overwrite, ...fetching }).catch(async (e) => {
    // An interruption is reported by the caller; anything else says how to get the files again.
    if (signal?.aborted) throw e;
    // A rerun after the outputs were saved: the same files, already there, are success.
    const done = (e as { code?: unknown })?.code === "file_exists" ? await alreadySaved(task, o.out, fetching) : undefined;
    if (done) return done;
    throw saveFailed(task.id, e, o, resumeExtra());
  });
  // Paths as the user gave --out: relative stays relative, absolute stays absolute.
  const human = saved.map((s: SavedOutput) => `saved ${path.join(o.out, path.basename(s.path))}`);
  return { files: saved.map((s) => s.path), human };
}

const models = program.command("models").description("list the models (the catalog)");
// The filters' allowed values are the catalog's: an unknown one is bad usage, not an empty table.
const FEATURES = [...new Set(listModels().flatMap((m) => m.features))].sort();
const PROVIDERS = [...new Set(listModels().map((m) => m.provider))].sort();
const oneOf = (flag: string, allowed: string[], v: string | undefined, anyCase = false) => {
  if (v !== undefined && !allowed.some((a) => (anyCase ? a.toLowerCase() === v.toLowerCase() : a === v)))
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`, { field: flag, allowed });
  return v;
};
models
  .option("--type <type>", "video, image or music")
  .option("--feature <feature>", "e.g. audio, reference-images, negative-prompt")
  .option("--provider <provider>", "e.g. Google")
  .action((o: { type?: string; feature?: string; provider?: string }) => {
    const list = listModels({
      type: o.type ? checkType(o.type, "--type") : undefined,
      feature: oneOf("--feature", FEATURES, o.feature) as Feature | undefined,
      provider: oneOf("--provider", PROVIDERS, o.provider, true),
    });
    const rows = list.map((m) => ({
      id: m.id,
      type: m.type,
      name: m.deprecated ? `${m.name} (deprecated${m.deprecated.replacement ? `: use ${m.deprecated.replacement}` : ""})` : m.name,
      provider: m.provider,
      duration: durationText(m) ?? "",
      features: m.features.join(","),
    }));
    print(table(rows, ["id", "type", "name", "provider", "duration", "features"]), list);
  });
models
  .command("show <id>")
  .description("one model's inputs, allowed values and defaults")
  .option("--type <type>", "for ids of two types (wan-2-5)")
  .action((id: string, _o: unknown, cmd: Command) => {
    // `models` has a --type of its own, which takes the flag first: read either.
    const o = cmd.optsWithGlobals<{ type?: string }>();
    const found = o.type ? [getModel(checkType(o.type, "--type"), id)].filter((m) => m !== undefined) : listModels().filter((m) => m.id === id);
    if (!found.length) {
      const ids = [...new Set(listModels().map((m) => m.id))];
      throw new UsageError(`no model ${id}${didYouMean(id, ids) || "; run monet models"}`, { field: "id", allowed: ids });
    }
    // One shape whatever the id: an array of the models it names (two for an id of two types).
    print(found.map(modelHelp).join("\n\n"), found);
  });

const generate = withSaveOptions(
  program
    .command("generate <type>")
    .description("create a task, show its progress, download its outputs; every model input is a flag (see --model <id> --help)")
    .option("--model <id>", "the model (monet models); may come from --input instead")
    .option("--input <file>", "the whole input as a JSON object, from a file or - (stdin); flags given beside it win")
    .option("--no-wait", "print the task id and return (--json: {task, files: []})")
    .option("--idempotency-key <key>", "the same key re-attaches to the task it created (a retry after a crash or a timeout), instead of paying for another")
    .option("--any-file", "send local files that are not image, video or audio files (refused otherwise)")
    .addOption(waitTimeoutOption()),
)
  .allowUnknownOption()
  .allowExcessArguments();
// `monet generate video --model sora-2 --help` adds that model's flags to the help.
generate.addHelpText("after", () => {
  const type = generate.args[0];
  const id = generate.opts<{ model?: string }>().model;
  const m = TYPES.includes(type) && id ? getModel(type as ModelType, id) : undefined;
  if (m) return `\nInputs of ${m.id}:\n${modelFlags(m)}`;
  return "\nAdd <type> and --model <id> before --help to list that model's inputs (monet generate video --model sora-2 --help).";
});
generate.action(
  async (typeArg: string, o: SaveFlags & { model?: string; input?: string; wait: boolean; idempotencyKey?: string; anyFile?: boolean }, cmd: Command) => {
    const type = checkType(typeArg);
    const fromFile = o.input !== undefined ? await inputFile(o.input) : {};
    const id = o.model ?? (typeof fromFile.model === "string" ? fromFile.model : undefined);
    if (!id) throw new UsageError('--model <id> is required (or a "model" in --input)', { code: CODE.missingArgument, field: "--model" });
    if (o.model && fromFile.model !== undefined && fromFile.model !== o.model)
      throw new UsageError(`--model ${o.model} differs from the --input model ${JSON.stringify(fromFile.model)}`, { field: "--model" });
    const model = getModel(type as ModelType, id);
    // Its own command ends the line ("... --model sora-2 ..."): no "See monet --help." after it.
    if (!model)
      throw new UsageError(notOfType(id, type), {
        hint: !listModels().some((m) => m.id === id),
        field: "--model",
        allowed: listModels({ type }).map((m) => m.id),
      });
    // Read flags only after the type and model are known: the catalog says what each flag is.
    if (o.idempotencyKey !== undefined && !o.idempotencyKey) throw new UsageError("--idempotency-key must not be empty", { field: "--idempotency-key" });
    // --no-wait saves nothing and waits for nothing: a flag for that would be silently ignored.
    if (!o.wait)
      for (const [name, flag] of [
        ["out", "--out"],
        ["maxBytes", "--max-bytes"],
        ["overwrite", "--overwrite"],
        ["waitTimeout", "--wait-timeout"],
        ["download", "--no-download"],
      ])
        if (cmd.getOptionValueSource(name) === "cli")
          throw new UsageError(`${flag} does nothing with --no-wait (nothing is waited for or saved): drop one of them`, {
            code: CODE.unexpectedArgument,
            field: flag,
          });
    refuseSaveFlags(o, cmd);
    const input = { ...fromFile, ...(await flagsInput(model, cmd.args.slice(1), { anyFile: o.anyFile }, commandFlags(cmd))), model: model.id };
    if (o.wait && o.download !== false) outDir(o.out);
    // A wrong value is the first thing to fix, key or no key: checked before the key is asked for.
    // (The client checks it again, as it does every input, before it uploads or sends anything.)
    const issues = validateInput(type, pendingInput(input));
    if (issues.length) throw new InputValidationError(issues, "input");
    const monet = client();
    // Always a key of our own when none is given: an interruption before the task is known can
    // then say which key re-attaches to it.
    const idempotency_key = o.idempotencyKey ?? randomUUID();
    const stop = catchInterrupt();
    let last: Task | undefined;
    let before: Before | undefined; // set once the create may have reached the API
    try {
      // Local files are uploaded here, not by the client: the URLs are then known, and a command
      // printed to re-attach sends the same body (with the local paths it would upload anew, 409).
      const uploaded = hasLocalFiles(input);
      const sent = uploaded ? await uploadInput(monet, input, stop.signal) : input;
      // A command that re-runs this create with its key: argv when argv gives the same body again;
      // else the exact input sent, on stdin from printf (never the terminal's stdin again).
      const resume = reattachCommand(
        { argv: words.argv, key: idempotency_key, keyGiven: o.idempotencyKey !== undefined },
        uploaded || o.input === "-" ? { type, input: safeJsonLine(sent), save: o, wait: o.wait, ...resumeExtra() } : undefined,
      );
      before = { resume, key: idempotency_key };
      // Written before the create: a process killed from here on still leaves its key behind.
      emit(jsonMode(), { event: "creating", idempotencyKey: idempotency_key, resume });
      const created = (t: Task) => emit(jsonMode(), { event: "created", taskId: t.id, resume: resumeCommand(t.id, o, resumeExtra()) });
      if (!o.wait) {
        const t = await monet.tasks.create({ type, input: sent, idempotency_key }, { signal: stop.signal });
        created(t);
        // The shape of generate and wait ({task, files}), with nothing saved yet.
        return print(oneLine(t.id), { task: t, files: [] });
      }
      const bar = progress(progressMode(opts().json === true));
      try {
        for await (const e of monet.tasks.stream(
          { type, input: sent, idempotency_key },
          { pollInterval: pollInterval(), waitTimeout: waitTimeoutMs(o.waitTimeout), signal: stop.signal },
        )) {
          if (!last) created(e.task);
          last = e.task;
          bar.update(e.task);
        }
      } catch (e) {
        // Named, then lost: the client's polls found no connection (its maxUnreachablePolls).
        if (last && e instanceof APIConnectionError && !stop.received) throw unreachable(e, last.id, o);
        throw e;
      } finally {
        bar.stop();
      }
      if (last?.status !== SUCCESS_STATUS) {
        if (last) throw new TaskFailedError(last);
        throw new Error("the task stream ended without a task");
      }
      if (o.download === false) return printFinished(last);
      const { files, human } = await save(last, o, stop.signal);
      print([`done: ${oneLine(last.id)}`, ...human].join("\n"), { task: last, files });
    } catch (e) {
      if (stop.received) interrupted(stop, last, o, last ? undefined : before);
      if (last && e instanceof WaitTimeoutError) throw timedOut(e, last.id, o);
      if (!last && before) {
        // Named, but by an id the client refuses: the server's fault, and no command could work.
        const refused = unfollowableTask(e, before.key, o.wait);
        if (refused) throw refused;
        // Not named, maybe created: said so, with the command that re-attaches (never a second task).
        if (outcomeUnknown(e)) throw mayExist(e, before);
      }
      throw e;
    } finally {
      stop.end();
    }
  },
);

/** A wait that ran out of --wait-timeout: retry later (exit 6) with the command that waits again. */
function timedOut(e: WaitTimeoutError, id: string, o: SaveFlags): NextStepError {
  const why = oneLine(e.message).replace(/[.\s]+$/, "");
  const cause = (e.cause as Error | undefined)?.message;
  return waitAgain(`${why}${cause ? ` (last failure: ${oneLine(cause)})` : ""}`, id, o, {
    exitCode: EXIT.retryLater,
    code: CODE.timeout,
    cause: e,
    extra: resumeExtra(),
  });
}

/** Polls in a row with no connection that end a wait: the client's rule (the CLI keeps its default). */
const UNREACHABLE_POLLS = retryPolicy().maxUnreachablePolls;

/**
 * A wait whose polls found no connection the client's maxUnreachablePolls times in a row (it
 * polled a dead address for 30 minutes, while `get` gave up after its retries): retry later
 * (exit 6) with the command that waits again.
 */
function unreachable(e: APIConnectionError, id: string, o: SaveFlags): NextStepError {
  const last = oneLine(((e.cause as Error | undefined) ?? e).message);
  return waitAgain(`no connection to the API for ${UNREACHABLE_POLLS} polls of task ${id} in a row (last: ${last})`, id, o, {
    exitCode: EXIT.retryLater,
    code: CODE.connectionError,
    cause: e,
    when: "once it can be reached",
    extra: resumeExtra(),
  });
}

/** A create that may have reached the API before its task was named: the command that re-attaches to it, and its key. */
interface Before {
  resume: string;
  key: string;
}

/**
 * Whether a create that failed may have created its task all the same: a broken connection, a
 * timeout, a 5xx or a 409 "in progress" may come after the API created it; a 4xx refusal (or
 * the CLI's own error) did not create it.
 */
const outcomeUnknown = (e: unknown) =>
  !(e instanceof InputValidationError) &&
  !(e instanceof TaskFailedError) &&
  !(e instanceof RateLimitError) &&
  !(e instanceof APIError && e.status !== undefined && e.status < 500 && !(e instanceof ConflictError && e.retryAfter !== undefined));

/** The error of a create whose task may exist, unnamed: retry later (exit 6) with the command that re-attaches. */
function mayExist(e: unknown, before: Before): NextStepError {
  const why = oneLine((e as Error)?.message ?? String(e)).replace(/[.\s]+$/, "");
  return new NextStepError(
    `${why}. If the task was created, this command re-attaches to it with the same idempotency key (${before.key}), never creating a second one:`,
    { exitCode: EXIT.retryLater, resume: before.resume, cause: e },
  );
}

/**
 * A waiting command stopped by a signal: the task it waited for and how to resume, then exit
 * 130/143. With --json, one JSON value on stdout (the command's own shape, with `interrupted`).
 * A task not known yet (the signal came before the API answered) is found again by its key.
 */
function interrupted(stop: Interrupt, task: Task | undefined, o: SaveFlags, before?: Before): never {
  const resume = task ? resumeCommand(task.id, o, resumeExtra()) : before?.resume;
  if (jsonMode())
    console.log(
      safeJson({
        task: task ?? null,
        files: [],
        interrupted: true,
        signal: stop.received,
        // Whether the task exists: yes, no (stopped before the create was sent), or null: unknown (the resume re-attaches if it does).
        created: task ? true : before ? null : false,
        ...(before && !task && { idempotencyKey: before.key }),
        resume: resume ?? null,
      }),
    );
  else if (task && resume) console.error(goesOn(stop.received, task, resume));
  else if (resume)
    console.error(
      `interrupted (${stop.received}) before the API named the task. If it was created, this command re-attaches to it with its idempotency key (never a second task):\n${resume}`,
    );
  else console.error(`interrupted (${stop.received}) before the task was created: nothing was sent to create it.`);
  process.exit(stop.exitCode);
}

program
  .command("get <id>")
  .description("a task's status and outputs (or its error)")
  .action(async (id: string) => {
    const t = await client().tasks.get(id);
    const lines = [summary(t), ...(t.outputs ?? []).filter((o) => o.url).map((o) => `  ${oneLine(String(o.url))}`)];
    if (t.error) lines.push(`  error: ${oneLine(`${t.error.code}: ${t.error.message}`)}`);
    print(lines.join("\n"), t);
  });

withSaveOptions(
  program
    .command("wait <id>")
    .description(
      `wait for a task, with progress, and download its outputs (${UNREACHABLE_POLLS} polls in a row with no connection to the API end the wait: exit 6, with the command that waits again)`,
    ),
)
  .addOption(waitTimeoutOption())
  .action(async (id: string, o: SaveFlags, cmd: Command) => {
    refuseSaveFlags(o, cmd);
    if (o.download !== false) outDir(o.out);
    const monet = client();
    const bar = progress(progressMode(opts().json === true));
    const stop = catchInterrupt();
    let last: Task | undefined;
    const seen = (t: Task) => {
      last = t;
      bar.update(t);
    };
    try {
      const t = await monet.tasks
        .wait(id, { onProgress: seen, pollInterval: pollInterval(), waitTimeout: waitTimeoutMs(o.waitTimeout), signal: stop.signal })
        .catch((e) => {
          // The client's polls found no connection (its maxUnreachablePolls): said with the command that waits again.
          throw e instanceof APIConnectionError && !stop.received ? unreachable(e, id, o) : e;
        })
        .finally(bar.stop);
      last = t;
      if (o.download === false) return printFinished(t);
      const { files, human } = await save(t, o, stop.signal);
      print([`done: ${oneLine(t.id)}`, ...human].join("\n"), { task: t, files });
    } catch (e) {
      if (e instanceof WaitTimeoutError && !stop.received) throw timedOut(e, id, o);
      if (!stop.received) throw e;
      interrupted(stop, last ?? ({ id } as Task), o);
    } finally {
      stop.end();
    }
  });

program
  .command("list")
  .description("your tasks, newest first")
  .option("--page <n>", `page, from ${PAGE.minimum}`, String(PAGE.default))
  .option("--page-size <n>", `${PAGE_SIZE.minimum} to ${PAGE_SIZE.maximum}`, String(PAGE_SIZE.default))
  .action(async (o: { page: string; pageSize: string }) => {
    // Plain decimal text only (not 0x10 or " 1"); anything else reaches the client, which refuses
    // it, named here by its flag (--page-size, not pageSize).
    const page = await client()
      .tasks.list({ page: decimal(o.page, true) as number, pageSize: decimal(o.pageSize, true) as number })
      .catch((e) => {
        throw asFlags(e, { page: "--page", pageSize: "--page-size" });
      });
    const pages = Math.max(1, Math.ceil(page.total / (page.pageSize || Number(o.pageSize))));
    // The server's strings escaped, not stripped: a stripped id can read as another, valid one.
    const rows = page.tasks.map((t) => ({ id: visible(t.id), type: visible(t.type), status: visible(t.status), created: visible(t.created_at) }));
    print(`${table(rows, ["id", "type", "status", "created"])}\npage ${page.page} of ${pages}, ${page.tasks.length} of ${page.total} tasks`, page);
  });

program
  .command("upload <file>")
  .description(`upload an image, video or audio file (kept ${FILE_LIFETIME}) and print its URL`)
  .option("--any-file", "upload a file that is not an image, video or audio file (refused otherwise)")
  .action(async (file: string, o: { anyFile?: boolean }) => {
    // Opened and checked once; the bytes sent are read from that same handle.
    const data = await localFile(file, { anyFile: o.anyFile, field: "file" });
    const monet = client();
    const stop = catchInterrupt();
    try {
      const f = await data.upload(monet, stop.signal).finally(() => data.close());
      print(`${f.url}\nexpires ${f.expires_at ?? `in ${FILE_LIFETIME}`}`, f);
    } catch (e) {
      if (!stop.received) throw e;
      // Stopped: said so, and how to upload again (an upload is free, and kept for the file lifetime).
      const again = [...selfWords(), ...process.argv.slice(2)].map(shellWord).join(" ");
      if (jsonMode()) console.log(safeJson({ file: null, uploaded: false, interrupted: true, signal: stop.received, resume: again }));
      else console.error(`interrupted (${stop.received}): the upload was stopped, no URL to use. Upload again with:\n${again}`);
      process.exit(stop.exitCode);
    } finally {
      stop.end();
    }
  });

registerPipeline(program, client);
registerApi(program, client, resumeExtra);
refuseRepeatedFlags(program);
// `--` ends the options of generate and api too: the words after it are refused, not read as flags.
const words = endOfOptions(
  program,
  process.argv.slice(2),
  program.commands.filter((c) => c === generate || c.name() === "api"),
);
program.hook("preAction", (_program, command) => {
  // From here on, --json is what the parser decided (json-mode.ts), not a word in argv.
  parsedJson(opts().json === true);
  refuseAfterEnd(words.after, command.name());
});

/** The one line for an error (one JSON object with --json), and its exit code. */
const fail = (e: unknown) => {
  // No command given (commander's "commander.help"): with --json, bad usage, not a silent exit 0.
  if (e instanceof CommanderError && e.code === "commander.help" && jsonMode()) return fail(noCommand(program, process.argv.slice(2)));
  // --help and --version end through exitOverride too: they are not errors.
  if (e instanceof CommanderError && (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help"))
    process.exit(EXIT.ok);
  // The parser's own refusals (an unknown option or command): one line, like the CLI's.
  if (isParserError(e)) return fail(parserError(e, program, process.argv.slice(2)));
  // A reader that went away (| head) has what it wanted: a quiet end, not "error: write EPIPE".
  if ((e as NodeJS.ErrnoException)?.code === "EPIPE") process.exit(EXIT.ok);
  const { line, code, json, next } = explain(e);
  // The CLI's own command on a line of its own: no server text precedes it there.
  console.error(jsonMode() ? safeJsonLine({ error: json }) : `${oneLine(line)}${next ? `\n${next}` : ""}`);
  process.exit(code);
};
// Node prints a crash itself, past redactWrites: one line through explain() instead.
process.on("uncaughtException", fail).on("unhandledRejection", fail);
// A closed stdout: quiet exit 0, unless a command reads that itself (pipeline run goes on to its end).
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE" && process.stdout.listenerCount("error") === 1) process.exit(EXIT.ok);
});

try {
  await program.parseAsync([...process.argv.slice(0, 2), ...words.argv]);
} catch (e) {
  fail(e);
}
