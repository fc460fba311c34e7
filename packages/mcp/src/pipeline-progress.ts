// run_pipeline's progress: a notification per finished task (done of total), and while tasks run,
// the same once-a-second heartbeat as create_*_task: which tasks are running and how many are
// done (`still/a 40% running (12 s), 0 of 1 done`).
import { FINAL_TASK_STATUSES, type PipelineEvent } from "@monet-ai/pipeline";
import { heartbeat, type ProgressUpdate } from "./progress.js";

/** Names shown in a tick at most; the rest are counted. */
const SHOWN = 3;

export function pipelineProgress(send: (u: ProgressUpdate) => Promise<void>) {
  const running = new Map<string, number | undefined>();
  let done = 0;
  let total = 0;
  const named = () => {
    const names = [...running].map(([node, p]) => (p === undefined ? node : `${node} ${Math.floor(p)}%`));
    return names.length > SHOWN ? `${names.slice(0, SHOWN).join(", ")} and ${names.length - SHOWN} more` : names.join(", ");
  };
  const beat = heartbeat(send, (s) => `${running.size ? `${named()} running` : "waiting"} (${s} s), ${done} of ${total} done`);
  return {
    start: () => beat.start("starting"),
    event(e: PipelineEvent) {
      if (e.type === "start") total = e.total;
      if (e.type !== "task") return;
      total = e.total;
      done = e.done;
      if (FINAL_TASK_STATUSES.has(e.status)) {
        running.delete(e.node);
        void beat.real(e.done, `${e.node}: ${e.status}, ${e.done} of ${e.total} done`, e.total);
      } else if (e.status !== "saved") running.set(e.node, e.progress ?? running.get(e.node));
    },
    stop: beat.stop,
  };
}
