// What the parts loaded on first use (streaming, uploads, paging, `request`, saving outputs) share
// with the code loaded at start. They import it from here only, so a bundler keeps all of it in
// one chunk (it splits by which entry points reach a module) instead of one small chunk per module.

export { callOf, type OperationRow, type ParamSchema, refuse } from "./args.js";
export { isBrowser } from "./browser.js";
export * from "./errors.js";
export { sleep } from "./retry.js";
export { isFinal } from "./task-status.js";
export { type WaitOptions, watchTask } from "./wait.js";
