// Progress on stderr, so stdout stays the result: a live bar in a terminal, one plain line per
// change of status or percentage otherwise (CI logs, pipes), nothing with --json.

import type { Task } from "@monet-ai/client";
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import cliProgress from "cli-progress";
import { liveTerminal, oneLine } from "./terminal.js";

export type ProgressMode = "bar" | "lines" | "off";

export const progressMode = (json: boolean): ProgressMode => (json ? "off" : liveTerminal() ? "bar" : "lines");

// The widest "task_x  processing  100% " a bar follows, and the bar's width in a wide terminal.
const TEXT_WIDTH = 36;
const BAR_WIDTH = 40;

const percent = (t: Task) => (t.status === SUCCESS_STATUS ? 100 : t.outputs?.[0]?.progress);

export function progress(mode: ProgressMode) {
  if (mode === "lines") {
    let last = "";
    return {
      update: (t: Task) => {
        const p = percent(t);
        // Each server field cleaned on its own: an unterminated sequence in one cannot reach the next.
        const line = `${oneLine(t.id)}  ${oneLine(t.status)}${p !== undefined ? `  ${p}%` : ""}`;
        if (line === last) return;
        last = line;
        process.stderr.write(`${line}\n`);
      },
      stop: () => {},
    };
  }
  if (mode === "off") return { update: (_t: Task) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      // The task first, as the plain lines say it, and a bar in what is left of the width: the
      // bar turns line wrap off, so in a narrow terminal what does not fit is cut, and the bar goes first.
      format: "{id}  {status}  {percentage}% {bar}",
      barsize: Math.max(5, Math.min(BAR_WIDTH, (process.stderr.columns || 80) - TEXT_WIDTH)),
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { status: "pending", id: "" });
  return {
    update: (t: Task) => bar.update(percent(t) ?? 0, { status: oneLine(t.status), id: oneLine(t.id) }),
    stop: () => bar.stop(),
  };
}
