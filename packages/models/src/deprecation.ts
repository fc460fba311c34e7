// The one-time warning for a deprecated model (the spec's `deprecated: true`): said once per model
// id per process, however many tasks use it, and never a throw: a deprecated model still works.
// Part of the validator's chunk, which the client loads lazily on its first create.
import { deprecations } from "./generated/rules.js";

const warned = new Set<string>();

/**
 * Warns through `warn` (default console.warn) the first time `model` of `type` is used, when the
 * spec deprecates it; true when it is deprecated.
 */
export function warnIfDeprecated(type: string, model: unknown, warn: (message: string) => void = console.warn): boolean {
  const message =
    typeof model === "string" && Object.hasOwn(deprecations, type) && Object.hasOwn(deprecations[type], model) ? deprecations[type][model] : undefined;
  if (message === undefined) return false;
  const key = `${type}/${model}`;
  if (!warned.has(key)) {
    warned.add(key);
    warn(`[monet] ${message}`);
  }
  return true;
}
