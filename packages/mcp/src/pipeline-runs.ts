// run_pipeline answers within MONET_MCP_MAX_WAIT, as every tool that asks the API does. A run
// takes as long as its slowest chain of tasks (minutes for video), far past an MCP client's
// timeout (60 s in the official SDK, not reset by progress unless the client asks): the agent saw
// a timeout, its client cancelled the call, and the run stopped. So a run goes on in this server
// once started, and a call follows it for at most the bound: it answers with the manifest when the
// run ended, else with where the run stands. The same file and outDir again joins the run instead
// of starting another. A cancelled call stops the run (the user's stop); tasks already created go
// on at the API, and the next call resumes them from the journal.
import type { PipelineEvent, TaskStatus } from "@monet-ai/pipeline";
import { type AllowedFolders, isInside } from "./roots.js";
import { Refused } from "./upload.js";

type Listener = (e: PipelineEvent) => void;

interface Run {
  file: string;
  retryFailed: boolean;
  stop: AbortController;
  started: number;
  /** Settles with the manifest or the run's error; never rejects (see `outcome`). */
  ended: Promise<void>;
  outcome?: { ok: true; value: Record<string, unknown> } | { ok: false; error: unknown };
  /** The run's start and each task's last event, replayed to a call that joins it. */
  last: Map<string, PipelineEvent>;
  listeners: Set<Listener>;
  /** Why the run was stopped, for the other calls following it (set with `stop`). */
  stoppedBy?: keyof typeof STOPPED_BY;
}

/** Why a run stopped that a call following it did not stop itself, as the answer says it. */
const STOPPED_BY = {
  cancelled: "another run_pipeline call following this run was cancelled, which stops the run",
  revoked: "its folder stopped being one the client allows (the client's roots changed)",
  closed: "the MCP server closed",
} as const;

/**
 * The answer of a call whose run another cause stopped (another call's cancel, the roots): not
 * that cause's own error (a cancelled call's "Request timed out" read as this call's timeout),
 * but the run's state and what to do, as fields an agent can branch on.
 */
export class RunStopped extends Error {
  override name = "RunStopped";
  constructor(readonly answer: Record<string, unknown>) {
    super(`The run_pipeline run of ${answer.file} writing ${answer.outDir} stopped: ${answer.why}. ${answer.next}`);
  }
}

export type StartRun = (signal: AbortSignal, onEvent: Listener) => Promise<Record<string, unknown>>;

/** A task's last event with one of these: it runs at the API (later ones say it ended, or its files). */
const RUNNING: ReadonlySet<TaskStatus> = new Set(["created", "attached", "progress"]);
/** Names of running tasks an answer lists at most. */
const LISTED = 20;

/** The answer of a call cancelled before it started or joined a run: it did neither. */
export class CancelledBeforeRun extends Error {
  override name = "CancelledBeforeRun";
  constructor() {
    super("run_pipeline was cancelled before it started or joined a run: nothing was started, and no run was joined or stopped.");
  }
}

function cancelledBefore(signal: AbortSignal) {
  if (signal.aborted) throw new CancelledBeforeRun();
}

/** The runs of this server, one per output folder (by its real path). */
export function pipelineRuns() {
  const runs = new Map<string, Run>();
  /** outDir -> file of runs stopped because their folder stopped being allowed, for the refusal of a later call. */
  const revoked = new Map<string, string>();

  function begin(outDir: string, file: string, retryFailed: boolean, start: StartRun): Run {
    const run: Run = {
      file,
      retryFailed,
      stop: new AbortController(),
      started: Date.now(),
      ended: Promise.resolve(),
      last: new Map(),
      listeners: new Set(),
    };
    const onEvent = (e: PipelineEvent) => {
      if (e.type === "start") run.last.set("", e);
      if (e.type === "task") run.last.set(e.node, e);
      for (const l of run.listeners) l(e);
    };
    run.ended = start(run.stop.signal, onEvent).then(
      (value) => {
        run.outcome = { ok: true, value };
      },
      (error) => {
        run.outcome = { ok: false, error };
      },
    );
    runs.set(outDir, run);
    return run;
  }

  /** Where a run stands: counts and the tasks still running, for an answer before its end. */
  function standing(run: Run, outDir: string, boundMs: number) {
    const tasks = [...run.last.values()].filter((e) => e.type === "task");
    const start = run.last.get("");
    const total = start?.type === "start" ? start.total : (tasks[0]?.total ?? 0);
    const done = Math.max(0, ...tasks.map((e) => e.done));
    const running = tasks.filter((e) => RUNNING.has(e.status)).map((e) => e.node);
    const where = {
      file: run.file,
      outDir,
      done,
      total,
      running: running.slice(0, LISTED),
      ...(running.length > LISTED ? { runningNotListed: running.length - LISTED } : {}),
      elapsedSeconds: Math.round((Date.now() - run.started) / 1000),
    };
    if (run.stoppedBy)
      return {
        status: "stopped",
        reason: run.stoppedBy,
        why: STOPPED_BY[run.stoppedBy],
        ...where,
        next:
          run.stoppedBy === "revoked"
            ? "Tasks it created go on at the API: once the folder is allowed again, call run_pipeline with the same file and outDir to resume them (nothing is created twice)."
            : "Tasks it created go on at the API. Call run_pipeline again with the same file and outDir to resume the run: tasks already created are re-attached, never created twice.",
      };
    return {
      status: "running",
      ...where,
      next: `The run goes on in this MCP server. Call run_pipeline again with the same file and outDir to follow it: each call answers within ${Math.round(boundMs / 1000)} s, with the manifest once every task has ended. Nothing is created twice. Cancelling a run_pipeline call stops the run (tasks already created go on at the API; a later call resumes them).`,
    };
  }

  return {
    /**
     * Starts the run writing `outDir`, or joins the one already there, and follows it for at most
     * `ms`: the manifest if it ends by then, else where it stands. `signal` (the call's) stops it.
     */
    async follow(
      o: { outDir: string; file: string; retryFailed: boolean; ms: number; signal: AbortSignal; onEvent: Listener },
      start: StartRun,
    ): Promise<Record<string, unknown>> {
      // A call cancelled before it starts or joins a run does neither: the listener below only
      // hears a cancel still to come, so one already made would start a run no call stops.
      cancelledBefore(o.signal);
      let run = runs.get(o.outDir);
      if (run && run.file !== o.file)
        throw new Refused(
          `outDir ${o.outDir} is being written by a run of ${run.file}. Follow that run (call run_pipeline with its file and this outDir) or choose another outDir.`,
        );
      // A run being stopped, or one that ended without anyone taking its end: a call asking to
      // retry failed tasks starts afresh; a stopped run first lets its journal go.
      if (run && (run.stop.signal.aborted || (run.outcome && o.retryFailed && !run.retryFailed))) {
        await run.ended;
        if (runs.get(o.outDir) === run) runs.delete(o.outDir);
        run = undefined;
        cancelledBefore(o.signal);
      }
      revoked.delete(o.outDir);
      run ??= begin(o.outDir, o.file, o.retryFailed, start);
      const current = run;
      for (const e of current.last.values()) o.onEvent(e);
      current.listeners.add(o.onEvent);
      const stop = () => {
        current.stoppedBy ??= "cancelled";
        current.stop.abort(o.signal.reason);
      };
      o.signal.addEventListener("abort", stop, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const inTime = await Promise.race([current.ended.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(r, o.ms, false)))]);
        if (!inTime || !current.outcome) return standing(current, o.outDir, o.ms);
        // The end is handed over once: the next call starts a new run (which reuses what is saved).
        if (runs.get(o.outDir) === current) runs.delete(o.outDir);
        if (current.outcome.ok) return current.outcome.value;
        // Stopped by another cause than this call's own cancel: where the run stands and what to do.
        if (current.stoppedBy && !o.signal.aborted) throw new RunStopped(standing(current, o.outDir, o.ms));
        throw current.outcome.error;
      } finally {
        clearTimeout(timer);
        current.listeners.delete(o.onEvent);
        o.signal.removeEventListener("abort", stop);
      }
    },
    /**
     * Stops each run whose file or outDir is no longer inside an allowed folder (the client's
     * roots changed): a run must not go on writing where the user took access away. Tasks it
     * created go on at the API; its journal lets a later call resume them once the folder is allowed.
     */
    stopOutside(allowed: AllowedFolders) {
      const inside = (p: string, self: boolean) => allowed.folders.some((f) => isInside(f, p) || (self && f === p));
      for (const [outDir, run] of runs)
        if (!run.stop.signal.aborted && (!inside(run.file, false) || !inside(outDir, true))) {
          run.stoppedBy ??= "revoked";
          run.stop.abort(new Error("its folder is no longer one the client allows"));
          revoked.set(outDir, run.file);
        }
    },
    /** For a refused run_pipeline call: the run on these paths that was stopped when its folder stopped being allowed. */
    revokedNote(file: string | undefined, outDir: string | undefined) {
      for (const [dir, f] of revoked)
        if (dir === outDir || f === file)
          return `A run of ${f} writing ${dir} was stopped when that folder stopped being allowed (the client's roots changed); nothing more is written there. Tasks it created go on at the API: once the folder is allowed again, call run_pipeline with the same file and outDir to resume them (nothing is created twice).`;
      return undefined;
    },
    /** Stops every run (the server is closing); what was created is in each journal. */
    stopAll() {
      for (const run of runs.values()) {
        run.stoppedBy ??= "closed";
        run.stop.abort(new Error("the MCP server closed"));
      }
    },
  };
}
