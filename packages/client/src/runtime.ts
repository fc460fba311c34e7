// What the parts loaded on first use (streaming, uploads, paging, `request`, saving outputs) share
// with the code loaded at start. They import it from here only, so a bundler keeps all of it in
// one chunk (it splits by which entry points reach a module) instead of one small chunk per module.
export * from "./errors.js";
export { callOf, refuse, type OperationRow, type ParamSchema } from "./args.js";
export { sleep } from "./retry.js";
export { isBrowser } from "./browser.js";
export { isFinal, watchTask, type WaitOptions } from "./wait.js";
