// monet pipeline run FILE --out DIR: many generations from one YAML/JSON file, with live progress
// (a redrawn block on a terminal, plain lines otherwise, one JSON event per line with --json),
// resumable by running the same command again. Exit codes as for the other commands where the
// situation is the same (runExit): 0 all succeeded, 5 only tasks the API failed, 6 only tasks not
// ended within --task-timeout, 1 anything else that failed, 2 invalid file, 3 / 6 / 1 a run stopped
// by a refused key / no connection / a full disk, 130/143 interrupted (SIGINT/SIGTERM).
import fs from "node:fs";
import path from "node:path";
import type { Monet } from "@monet-ai/client";
import type { Manifest, ManifestTask, PipelineEvent, TaskProblem, TaskStatus } from "@monet-ai/pipeline";
import { CONCURRENCY } from "@monet-ai/pipeline/concurrency";
import { RATE_LIMITED_WAIT_MS } from "@monet-ai/pipeline/rate-limited-wait";
import { type Command, InvalidArgumentError } from "commander";
import { UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { decimal } from "./fields.js";
import { catchInterrupt } from "./interrupt.js";
import { maxBytesOption } from "./max-bytes.js";
import { type Explained, explain, table } from "./output.js";
import { printIssues, problems } from "./pipeline-issues.js";
import { pollInterval } from "./poll-interval.js";
import { shellWord } from "./resume.js";
import { confine, rootFolders, whereLeads } from "./roots.js";
import { selfWords } from "./self-command.js";
import { clean, liveTerminal, oneLine, safeJsonLine } from "./terminal.js";
import { MAX_WAIT_TIMEOUT_S } from "./wait-timeout.js";

interface RunFlags {
  out?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
  concurrency?: number;
  rateLimit?: number;
  taskTimeout?: number;
  rateLimitedWait?: number;
  maxBytes?: number;
  minDownloadRate?: number;
}

/** The longest --task-timeout, in seconds: the longest wait of any command (a day; no Monet task runs that long). */
const MAX_TASK_TIMEOUT_S = MAX_WAIT_TIMEOUT_S;

// Plain decimal text only (fields.ts's decimal): Number() also reads 0x10, " 5" and 1e2.
const positive = (max: number) => (v: string) => {
  const n = decimal(v, false);
  if (typeof n !== "number" || n <= 0 || n > max) throw new InvalidArgumentError(`must be a number above 0, at most ${max}`);
  return n;
};
// The pipeline file's rule (its JSON Schema): a whole number of tasks.
const concurrency = (v: string) => {
  const n = decimal(v, true);
  if (typeof n !== "number" || n < CONCURRENCY.minimum || n > CONCURRENCY.maximum)
    throw new InvalidArgumentError(`must be a whole number from ${CONCURRENCY.minimum} to ${CONCURRENCY.maximum}`);
  return n;
};

/** `client` checks the base URL and the key first (bad usage, exit 2), as for every other command. */
export function registerPipeline(program: Command, client: () => Monet) {
  const pipeline = program.command("pipeline").description("run many generations from a pipeline file (YAML or JSON)");
  pipeline
    .command("run <file>")
    .description("run (or resume) a pipeline; outputs go to DIR/<step>/<item>.<ext> and DIR/manifest.json")
    .option("--out <dir>", "where outputs, manifest.json and the run's journal go (required unless --dry-run)")
    .option("--dry-run", "check every step's input for every item and print the plan; create nothing")
    .option("--retry-failed", "create the tasks the API failed again, with new idempotency keys (a plain rerun retries the rest)")
    .option("--concurrency <n>", `tasks running at once (default: the file's, else ${CONCURRENCY.default})`, concurrency)
    .option("--rate-limit <n>", "requests per second your account may send (default: learned from 429s)", positive(1000))
    .option(
      "--task-timeout <seconds>",
      "stop waiting for a task not finished after this many seconds: the run ends and writes its manifest; the task goes on at the API, and a rerun re-attaches to it (default: a day; a task reporting a status this CLI does not know: at most 30 minutes)",
      positive(MAX_TASK_TIMEOUT_S),
    )
    .option(
      "--rate-limited-wait <seconds>",
      `stop the run when the API has answered every request with 429 (rate limited) for this many seconds, none taken (exit 6; the same command resumes) (default: ${RATE_LIMITED_WAIT_MS / 1000})`,
      positive(MAX_TASK_TIMEOUT_S),
    )
    .addOption(maxBytesOption())
    .option(
      "--min-download-rate <bytes>",
      "give up on a download slower than this many bytes a second over a minute; a rerun tries it again (default: 65536, 64 KiB/s; 0: only the 16 KiB a minute every download must bring)",
      (v) => {
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
          throw new InvalidArgumentError("must be a whole number of bytes a second, 0 or more (0: no minimum)");
        return Number(v);
      },
    )
    .action(async (file: string, flags: RunFlags, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      // Outside MONET_CLI_ROOTS: refused before the file is read or the folder made (roots.ts).
      // The runner then reads the file by its real path, checked again on the opened descriptor.
      confine(file, "file");
      if (flags.out !== undefined) confine(flags.out, "--out");
      // (A missing file keeps its name as typed, for the runner's "cannot read" issue.)
      const fenced = rootFolders();
      const fileInside = fenced && fs.existsSync(whereLeads(file)) ? fenced : undefined;
      if (fileInside) file = whereLeads(file);
      process.exitCode = flags.dryRun ? await plan(file, flags, json, fileInside) : await run(file, flags, json, client, fileInside);
    });
}

// Item values, task ids and error messages come from files and servers: stripped of terminal
// control sequences on the way out (JSON escapes them instead).

const nTasks = (n: number) => `${n} task${n === 1 ? "" : "s"}`;

// The pipeline (with its YAML and CSV parsers, about half of the CLI's start) loads only for a
// pipeline command: every other command starts without it.
const loadPipeline = () => import("@monet-ai/pipeline");

const creditText = (c: { min: number; max: number } | undefined) => (c ? (c.min === c.max ? String(c.min) : `${c.min}-${c.max}`) : "unpublished");

async function plan(file: string, { out: outDir, retryFailed }: RunFlags, json: boolean, fileInside?: readonly string[]): Promise<number> {
  const { dryRun } = await loadPipeline();
  // With --out, the folder's journal says which tasks the run would take from it (and which
  // items' names moved since it was written): only the tasks it would create are priced.
  const r = dryRun(file, undefined, { outDir, retryFailed, fileInside });
  if (json) console.log(safeJsonLine(r));
  else if (r.ok) {
    const rows = r.plan.map((p) => ({ ...p, credits: creditText(p.credits) }));
    const j = r.journal;
    const found = j
      ? ` (${j.create} to create; ${j.reuse} found in the journal of ${outDir}, created no second time${j.skip ? `; ${j.skip} skipped: they use a task the API failed (--retry-failed creates it again)` : ""})`
      : "";
    const { unpublished } = r.credits;
    const forCreate = j ? ` for the ${nTasks(j.create)} to create` : "";
    // Only unpriced models to create: a sum of 0 would read as free.
    const total =
      unpublished.length && r.credits.max === 0
        ? `total: unknown${forCreate} (no published pricing for ${unpublished.join(", ")})`
        : `total: ${creditText(r.credits)} credits${forCreate}${unpublished.length ? ` (not counting ${unpublished.join(", ")}: no published pricing)` : ""}`;
    console.log(
      clean(
        `pipeline ${r.name}: ${nTasks(r.total)}${found}\n\n${table(rows, ["step", "type", "model", "tasks", ...(j ? ["create"] : []), "credits"])}\n${total}\n\nEvery input is valid. Nothing was created (--dry-run).`,
      ),
    );
    for (const note of r.notes) console.error(`note: ${oneLine(note)}`);
  }
  if (!r.ok && !json) printIssues(r.issues);
  return r.ok ? 0 : 2;
}

/** Failures of the file listed by the hint; the manifest has the rest. */
const SHOWN = 5;

/** Up to SHOWN failures, each `node: error` on one clean line (an error may quote the file's own text), then how many more. */
const listed = (entries: ManifestTask[]) => [
  ...entries.slice(0, SHOWN).map((entry) => `  ${oneLine(`${entry.node}: ${entry.error}`)}`),
  ...(entries.length > SHOWN ? [`  and ${entries.length - SHOWN} more (each with its error in the manifest)`] : []),
];

/**
 * What to do next after a run with failures: fix the file, a plain rerun, a larger --max-bytes, a
 * look at what an output URL serves, --retry-failed, or some of these, by each task's problem (the
 * pipeline's taskProblem, which says why each helps): never a rerun where a rerun fails the same way.
 */
export function rerunHint(tasks: ManifestTask[], problemOf: (t: ManifestTask) => TaskProblem | undefined): string[] {
  const having = (p: TaskProblem) => tasks.filter((t) => problemOf(t) === p);
  const atApi = having("ended").length;
  const invalid = having("input");
  const other = having("request").length;
  const lines: string[] = [];
  if (invalid.length) {
    const n = invalid.length;
    lines.push(
      `${nTasks(n)} could not be given ${n === 1 ? "its" : "their"} input: the pipeline file refers to something that does not exist, and a rerun (with --retry-failed too) fails the same way. Fix the file, then run the same command again:`,
      ...listed(invalid),
    );
  }
  if (other)
    lines.push(
      `Run the same command again to retry the ${other === 1 ? "task" : `${other} tasks`} that did not finish (a request, an upload or a download failed): a task the API already has is found again by its idempotency key, never created twice.`,
    );
  const large = having("too-large").length;
  if (large)
    lines.push(
      `${large === 1 ? "1 output was" : `${large} outputs were`} larger than --max-bytes: the same command downloads ${large === 1 ? "it" : "them"} again up to the cap and fails the same way. Run it with a larger --max-bytes (the task${large === 1 ? " is" : "s are"} not created again; each error says the size where the server declared it).`,
    );
  const wrong = having("wrong-type").length;
  if (wrong)
    lines.push(
      `${wrong === 1 ? "1 output was" : `${wrong} outputs were`} not the media ${wrong === 1 ? "its step makes" : "their steps make"} (each error names the type the host served): the same command fetches the same URL and is refused the same way while the host serves that. Open the output URL from the manifest: a proxy's or a login page means your network is in the way (fix that, then run the same command again); otherwise the file host is at fault, and no rerun helps (the task is done and paid: report its id to Monet).`,
    );
  const blocked = having("in-the-way");
  if (blocked.length) {
    const n = blocked.length;
    lines.push(
      `${n === 1 ? "1 output" : `${n} outputs`} could not be saved: a file this pipeline did not write is at ${n === 1 ? "its name" : "their names"}, and the run never overwrites it, so a rerun alone fails the same way: move it away and run again (the task${n === 1 ? " is" : "s are"} not created again):`,
      // Each error names the file in the way.
      ...listed(blocked),
    );
  }
  const unfollowable = having("unfollowable");
  if (unfollowable.length) {
    const n = unfollowable.length;
    lines.push(
      `The API answered ${n === 1 ? "1 create" : `${n} creates`} with a task id no call can follow: running the command again sends the same idempotency key and gets the same answer. Report ${n === 1 ? "its key (in the error)" : "their keys (in each error)"} to the API's operator:`,
      ...listed(unfollowable),
    );
  }
  const late = having("unfinished").length;
  if (late)
    lines.push(
      `${late === 1 ? "1 task" : `${late} tasks`} did not end in time (--task-timeout) and ${late === 1 ? "goes" : "go"} on at the API: run the same command again to re-attach, nothing is created twice.`,
    );
  if (atApi)
    lines.push(
      `${atApi === 1 ? "1 task" : `${atApi} tasks`} failed at the API: a plain rerun reports ${atApi === 1 ? "it" : "them"} again; add --retry-failed to create ${atApi === 1 ? "it" : "them"} again (new idempotency keys).`,
    );
  return lines;
}

/**
 * The exit code of a run that ended, as the other commands give it for the same situation: 5 when
 * its only problem is tasks the API failed (generate and wait: a failed task), 6 when it is only
 * tasks not ended within --task-timeout (a wait that ran out of time), 1 for anything else.
 */
export function runExit(m: Manifest, problemOf: (t: ManifestTask) => TaskProblem | undefined): number {
  const problems = new Set(m.tasks.map(problemOf).filter((p) => p !== undefined));
  if (!problems.size) return m.summary.skipped ? EXIT.failed : EXIT.ok;
  if (problems.size > 1) return EXIT.failed;
  if (problems.has("ended")) return EXIT.taskFailed;
  if (problems.has("unfinished")) return EXIT.retryLater;
  return EXIT.failed;
}

/**
 * A run stopped by a refused key (3), no connection (6) or a full disk (1: space must be freed
 * first): the client error's exit code and JSON, with the command that resumes.
 */
function stoppedError(e: Error & { cause?: unknown; reason?: string; manifest?: string; journal?: string }, out: string, resume: string): Explained {
  const cause = explain(e.cause);
  const disk = e.reason === "disk";
  const fix = disk ? "Once there is space on it, run" : cause.code === EXIT.auth ? "With a key that works, run" : "Once the API answers, run";
  const why = cause.line.replace(/^error: /, "").replace(/[.\s]+$/, "");
  // Where what was saved is said (a cron mail's reader looks for it): the manifest, else the journal.
  const saved = e.manifest
    ? ` What was saved is listed in ${e.manifest}.`
    : e.journal
      ? ` No manifest was written; the journal ${e.journal} records every task created and file saved.`
      : "";
  const message = `the pipeline stopped: ${disk ? `the disk of ${out} is full (${why})` : why}. Nothing more was created.${saved} ${fix} the same command to resume (tasks already created are re-attached, never created twice):`;
  // A full disk is its own code: the cause's (a download's `download_failed`) would send an agent to the network.
  const json = {
    ...cause.json,
    ...(disk ? { code: "disk_full" } : {}),
    message: `${message} ${resume}`,
    resume,
    manifest: e.manifest ?? null,
    ...(e.journal ? { journal: e.journal } : {}),
  };
  return { line: `error: ${message}`, next: resume, code: cause.code, json };
}

async function run(file: string, flags: RunFlags, json: boolean, client: () => Monet, fileInside?: readonly string[]): Promise<number> {
  // With --json, stderr holds only a JSON error object: never a line of text (the CLI README's rule).
  const fail = (e: unknown) => {
    const { line, code, json: error } = explain(e);
    console.error(json ? safeJsonLine({ error }) : oneLine(line));
    return code;
  };
  if (!flags.out)
    return fail(new UsageError("--out <dir> is required (where outputs and the run's journal go). See monet pipeline run --help.", { hint: false }));
  const interrupt = catchInterrupt();
  const view = json ? jsonLines() : liveTerminal() ? liveBlock() : plainLines();
  try {
    const monet = client();
    const { runPipeline, taskProblem } = await loadPipeline();
    const m = await runPipeline(path.resolve(file), {
      client: monet,
      outDir: flags.out,
      fileInside,
      concurrency: flags.concurrency,
      rateLimit: flags.rateLimit,
      retryFailed: flags.retryFailed,
      pollInterval: pollInterval(),
      signal: interrupt.signal,
      onEvent: view.event,
      taskTimeout: flags.taskTimeout === undefined ? undefined : Math.round(flags.taskTimeout * 1000),
      rateLimitedWait: flags.rateLimitedWait === undefined ? undefined : Math.round(flags.rateLimitedWait * 1000),
      maxBytes: flags.maxBytes,
      minDownloadRate: flags.minDownloadRate,
    });
    view.end();
    const s = m.summary;
    if (!json)
      console.error(
        [
          `${nTasks(s.total)}: ${s.succeeded} succeeded, ${s.failed} failed, ${s.skipped} skipped${s.unfinished ? `, ${s.unfinished} unfinished` : ""}. Manifest: ${path.join(flags.out, "manifest.json")}`,
          ...rerunHint(m.tasks, taskProblem),
        ].join("\n"),
      );
    return runExit(m, taskProblem);
  } catch (e) {
    view.end();
    const { PipelineFileError, PipelineStoppedError } = await loadPipeline();
    // The same command resumes: --retry-failed again follows the attempts this run created, never a third.
    const resume = [...selfWords(), ...process.argv.slice(2)].map(shellWord).join(" ");
    if (e instanceof PipelineStoppedError && !interrupt.received) {
      // stdout's event stream ended with the `stopped` event; the error object goes where every command's goes.
      const { line, next, code, json: error } = stoppedError(e, flags.out, resume);
      console.error(json ? safeJsonLine({ error }) : `${oneLine(line)}\n${oneLine(next as string)}`);
      return code;
    }
    if (e instanceof PipelineFileError) {
      if (!json) {
        printIssues(e.issues);
        return EXIT.usage;
      }
      // The event stream ends saying why; the error object is where every command's error goes.
      console.log(safeJsonLine({ type: "invalid", issues: e.issues }));
      console.error(
        safeJsonLine({ error: { type: "PipelineFileError", message: problems(e.issues.length), issues: e.issues, retryable: false, exitCode: EXIT.usage } }),
      );
      return EXIT.usage;
    }
    if (interrupt.received) {
      if (json) console.log(safeJsonLine({ type: "interrupted", interrupted: true, signal: interrupt.received, resume }));
      else
        console.error(
          oneLine(
            `interrupted (${interrupt.received}). Run the same command again to resume: running tasks are re-attached, nothing is created twice: ${resume}`,
          ),
        );
      return interrupt.exitCode;
    }
    return fail(e);
  } finally {
    interrupt.end();
  }
}

type View = { event: (e: PipelineEvent) => void; end: () => void };

function jsonLines(): View {
  // A reader that went away (| head) ends the output, not the run.
  let open = true;
  process.stdout.on("error", () => (open = false));
  return { event: (e) => void (open && process.stdout.write(`${safeJsonLine(e)}\n`)), end: () => {} };
}

/** Said when a 429 changed the rate (not at every 429: 80 lines in 25 s said nothing new). */
const rateLine = (e: Extract<PipelineEvent, { type: "rate-limited" }>) =>
  `rate limited: ${Number(e.rate.toFixed(2))} requests/s from now (this pause ${e.retryAfter} s)`;

/** A status the spec does not name: shown, since the run keeps waiting for it (not final). */
const unknownStatus = (e: Extract<PipelineEvent, { type: "task" }>) =>
  `${e.id ? `${e.id} ` : ""}status ${JSON.stringify(e.apiStatus)} (unknown to this client, not final): still waiting`;

// Which task statuses get a line: every one that ends a task (the pipeline's FINAL_TASK_STATUSES)
// and what happened on the way to it. A record over every status, so a status the pipeline adds
// fails the typecheck until it is placed here; a type, not the pipeline's value, which other
// commands must not load.
const LINE: Record<TaskStatus, boolean> = {
  created: true,
  attached: true,
  progress: false,
  "unknown-status": false,
  succeeded: true,
  reused: true,
  failed: true,
  skipped: true,
  "timed-out": true,
  saved: true,
  kept: true,
};

/** One line per thing that happened, for logs and CI. */
function plainLines(): View {
  return {
    event: (e) => {
      if (e.type === "start")
        console.error(
          oneLine(
            `pipeline ${e.name}: ${nTasks(e.total)} (${Object.entries(e.steps)
              .map(([s, n]) => `${s} ${n}`)
              .join(", ")}) into ${e.outDir}`,
          ),
        );
      else if (e.type === "rate-limited") console.error(rateLine(e));
      else if (e.type === "task" && e.status === "unknown-status") console.error(oneLine(`[${e.done}/${e.total}] ${e.node} ${unknownStatus(e)}`));
      else if (e.type === "task" && LINE[e.status])
        console.error(
          oneLine(
            `[${e.done}/${e.total}] ${e.node} ${e.status}${e.id ? ` ${e.id}` : ""}${e.files ? ` -> ${e.files.join(", ")}` : ""}${e.error ? `: ${e.error}` : ""}`,
          ),
        );
    },
    end: () => {},
  };
}

/** Overall and per-step progress, redrawn in place on a terminal. */
function liveBlock(): View {
  const steps = new Map<string, { total: number; running: number; done: number; failed: number; skipped: number; unfinished: number }>();
  let total = 0;
  let done = 0;
  let drawn = 0;
  let note = "";
  let timer: NodeJS.Timeout | undefined;
  const bar = (n: number, of: number, width = 20) => {
    const full = of ? Math.round((n / of) * width) : width;
    return `${"█".repeat(full)}${"░".repeat(width - full)}`;
  };
  const draw = () => {
    timer = undefined;
    const lines = [`${bar(done, total)} ${done}/${nTasks(total)}${note ? `  ${note}` : ""}`];
    for (const [name, s] of steps)
      lines.push(
        `  ${name.padEnd(12)} ${bar(s.done + s.failed + s.skipped + s.unfinished, s.total, 12)} ${s.done} done, ${s.running} running${s.failed ? `, ${s.failed} failed` : ""}${s.skipped ? `, ${s.skipped} skipped` : ""}${s.unfinished ? `, ${s.unfinished} unfinished` : ""} of ${s.total}`,
      );
    process.stderr.write(`${drawn ? `\x1b[${drawn}A` : ""}${lines.map((l) => `\x1b[2K${l}\n`).join("")}`);
    drawn = lines.length;
  };
  const later = () => (timer ??= setTimeout(draw, 100));
  return {
    event: (e) => {
      if (e.type === "start") {
        total = e.total;
        for (const [s, n] of Object.entries(e.steps)) steps.set(s, { total: n, running: 0, done: 0, failed: 0, skipped: 0, unfinished: 0 });
      } else if (e.type === "rate-limited") note = rateLine(e);
      else if (e.type === "task") {
        done = e.done;
        if (e.status === "unknown-status") note = oneLine(unknownStatus(e));
        const s = steps.get(e.step);
        if (!s) return later(); // every step is announced by "start"
        if (e.status === "created" || e.status === "attached") s.running++;
        else if (e.status === "succeeded") {
          s.running--;
          s.done++;
        } else if (e.status === "reused") s.done++;
        else if (e.status === "failed") {
          // A task that succeeded but whose file could not be saved was counted done already.
          if (e.error?.startsWith("the task succeeded")) s.done--;
          else if (e.id && s.running > 0 && !e.error?.startsWith("create failed")) s.running--;
          s.failed++;
        } else if (e.status === "skipped") s.skipped++;
        else if (e.status === "timed-out") {
          // Left running at the API (--task-timeout): a rerun re-attaches.
          s.running--;
          s.unfinished++;
        }
      }
      later();
    },
    end: () => {
      if (timer) clearTimeout(timer);
      if (total) draw();
    },
  };
}
