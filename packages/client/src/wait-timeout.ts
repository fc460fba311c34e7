// How long a wait (and a stream) goes on by default, in a module of its own: the operations entry
// exports it, and its build must not follow wait.ts's import() of the failure chunk (which holds
// the error classes: a second copy of them breaks instanceof across entries).

/** How long a wait (and a stream) goes on by default: 30 minutes; the task goes on after it. */
export const WAIT_TIMEOUT_MS = 30 * 60_000;
