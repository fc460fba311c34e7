// A live progress bar on stderr when it is a terminal; silent otherwise, so stdout stays clean.
import cliProgress from "cli-progress";
import type { Task } from "@monet-ai/client";

export function progressBar(enabled: boolean) {
  if (!enabled) return { update: (_t: Task) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {percentage}% | {status} | {id}", hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { status: "pending", id: "" });
  return {
    update: (t: Task) => bar.update(t.status === "success" ? 100 : (t.outputs?.[0]?.progress ?? 0), { status: t.status, id: t.id }),
    stop: () => bar.stop(),
  };
}
