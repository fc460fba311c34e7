// The one-time warning for a deprecated model (the spec's `deprecated: true`): said once per model
// id per process, however many tasks use it, and never a throw: a deprecated model still works.
// Part of the validator's chunk, which the client loads lazily on its first create (held to a
// byte budget: keep it small).
import { deprecations } from "./generated/rules.js";

/**
 * Warns through `warn` (default console.warn) the first time `model` of `type` is used, when the
 * spec deprecates it: true then, false after (the entry goes with its warning, which is said once).
 */
export function warnIfDeprecated(type: string, model: unknown, warn: (message: string) => void = console.warn): boolean {
  const key = `${type}/${model}`;
  const message = deprecations.get(key);
  if (!deprecations.delete(key)) return false;
  warn(`[monet] ${message}`);
  return true;
}
