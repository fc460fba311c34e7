// What the parts loaded on first use (streaming, uploads, paging, `request`) use of the code loaded
// at start, in one place. The entries of the build's second pass (`./node`, `./outputs`) must not
// import from here: it re-exports the client's error classes, which belong to the main entry's
// build (see tsup.config.ts); they take `MonetError` from @monet-ai/models/errors.

export { readAnswer } from "./answer-size.js";
export { callOf, type OperationRow, type ParamSchema } from "./args.js";
export { isBrowser } from "./browser.js";
export * from "./errors.js";
export { isTask } from "./is-task.js";
export { timerFor } from "./option-values.js";
export { refuse } from "./refuse.js";
export { sleep } from "./sleep.js";
export { isFinal } from "./task-status.js";
export { timeLimit } from "./time-limit.js";
export { type WaitOptions, watchTask } from "./wait.js";
export { WAIT_TIMEOUT_MS } from "./wait-timeout.js";
