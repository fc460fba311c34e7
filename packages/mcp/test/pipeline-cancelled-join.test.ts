// A run_pipeline call cancelled before it joins a running pipeline joins nothing and stops nothing.
// A call on the same file and outDir as a run follows that run: it hears its events and, when the
// run ends while it follows, takes the end (the manifest is handed over once; the next call starts
// afresh). One cancelled while the server still checked its paths joined all the same (its abort
// listener hears only a cancel still to come): it heard the run's events, for a request its client
// had given up, and took the run's end, so the agent's next call found no run and started another
// one. Over stdio the SDK drops a cancelled request's progress and answer, so none of that reaches
// the client to be seen there (pipeline-cancelled-early.test.ts covers a call cancelled before it
// starts a run, end to end); here pipelineRuns is driven as server.ts drives it, with a run whose
// events and end the test makes.
import type { PipelineEvent } from "@monet-ai/pipeline";
import { expect, test } from "vitest";
import { CancelledBeforeRun, pipelineRuns, type StartRun } from "../src/pipeline-runs.ts";

const outDir = "/allowed/out";
const file = "/allowed/join.yaml";
const manifest = { name: "join", summary: { total: 1, succeeded: 1, failed: 0, skipped: 0 } };
const taskEvent = (status: "created" | "succeeded", done: number): PipelineEvent => ({
  type: "task",
  status,
  node: "still",
  step: "still",
  item: null,
  id: "task_1",
  done,
  total: 1,
});

test("a call cancelled before it joins a running pipeline hears none of its events, takes not its end, and stops nothing", async () => {
  const runs = pipelineRuns();
  let started = 0;
  let runSignal!: AbortSignal;
  let emit!: (e: PipelineEvent) => void;
  let finish!: (m: Record<string, unknown>) => void;
  const start: StartRun = (signal, onEvent) => {
    started++;
    runSignal = signal;
    emit = onEvent;
    return new Promise((r) => (finish = r));
  };
  const follow = (signal: AbortSignal, ms: number, heard: PipelineEvent[]) =>
    runs.follow({ outDir, file, retryFailed: false, ms, signal, onEvent: (e) => heard.push(e) }, start);

  // The first call starts the run and answers where it stands once its bound is out; the run goes on.
  const first = await follow(new AbortController().signal, 1, []);
  expect(first).toMatchObject({ status: "running", file, outDir });
  emit({ type: "start", name: "join", total: 1, steps: { still: 1 }, outDir });
  emit(taskEvent("created", 0));

  // A second call on the same run, cancelled while the server still checked its paths.
  const cancelled = new AbortController();
  cancelled.abort(new Error("the user stopped it"));
  const heard: PipelineEvent[] = [];
  const second = follow(cancelled.signal, 60_000, heard).then(
    (answer) => ({ answer }),
    (error: unknown) => ({ error }),
  );
  // The run ends; whatever followed it has had its turn before the agent's next call.
  emit(taskEvent("succeeded", 1));
  finish(manifest);
  const outcome = await second;
  expect(outcome).toEqual({ error: expect.any(CancelledBeforeRun) });
  expect(heard).toEqual([]);
  expect(runSignal.aborted).toBe(false);

  // The agent's next call gets the run's end: the same run, not a second one started.
  expect(await follow(new AbortController().signal, 60_000, [])).toEqual(manifest);
  expect(started).toBe(1);
});
