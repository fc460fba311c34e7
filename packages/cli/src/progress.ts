// Progress on stderr, so stdout stays the result: a live bar in a terminal, one plain line per
// change of status or percentage otherwise (CI logs, pipes), nothing with --json.

import type { Task } from "@monet-ai/client";
import { SUCCESS_STATUS } from "@monet-ai/client/operations";
import cliProgress from "cli-progress";
import { oneLine } from "./terminal.js";

export type ProgressMode = "bar" | "lines" | "off";

export const progressMode = (json: boolean): ProgressMode => (json ? "off" : process.stderr.isTTY ? "bar" : "lines");

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
    { format: "{bar} {percentage}% | {status} | {id}", hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { status: "pending", id: "" });
  return {
    update: (t: Task) => bar.update(percent(t) ?? 0, { status: oneLine(t.status), id: oneLine(t.id) }),
    stop: () => bar.stop(),
  };
}
