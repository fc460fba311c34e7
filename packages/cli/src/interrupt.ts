// Ctrl-C (SIGINT) or a harness's SIGTERM while a command waits for a paid task: the wait stops,
// and the command reports the task and how to resume instead of dying with it unnamed.
// A second signal is not caught (the handlers are `once`): it ends the process as usual.
import { EXIT } from "./exit-codes.js";
import { oneLine } from "./terminal.js";

export interface Interrupt {
  signal: AbortSignal;
  /** The signal that came, if one did. */
  readonly received: NodeJS.Signals | undefined;
  /** 130 for SIGINT, 143 for SIGTERM. */
  readonly exitCode: number;
  end(): void;
}

export function catchInterrupt(): Interrupt {
  const ctrl = new AbortController();
  let received: NodeJS.Signals | undefined;
  const stop = (s: NodeJS.Signals) => {
    received = s;
    ctrl.abort(new Error(`interrupted (${s})`));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    signal: ctrl.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === "SIGTERM" ? EXIT.sigterm : EXIT.sigint;
    },
    end() {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}

/**
 * The line for a task a signal stopped waiting for, then the command that resumes it on a line of
 * its own (the last): server text (the id, the status) cleaned field by field, so none of it can
 * precede the CLI's command there, hide it or stand in for it.
 */
export const goesOn = (signal: NodeJS.Signals | undefined, task: { id: string; status?: string }, resume: string) =>
  `interrupted (${signal}): task ${oneLine(task.id)} goes on at the API${task.status ? ` (${oneLine(task.status)})` : ""}; nothing is lost. Resume with:\n${resume}`;
