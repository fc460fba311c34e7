// Fills in the defaults the seed gives (only where it gives one).
import { getModel } from "./catalog.js";
import type { ModelType } from "./types.js";

/** A copy of `input` with every missing field that has a documented default set to it. */
export function withDefaults<I extends { model: string }>(type: ModelType, input: I): I {
  const model = getModel(type, input.model);
  if (!model) return { ...input };
  const out: Record<string, unknown> = { ...input };
  for (const f of model.fields) if ("default" in f && out[f.name] === undefined) out[f.name] = f.default;
  return out as I;
}
