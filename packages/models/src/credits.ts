// Credits estimates, only for the models whose pricing the seed gives: never a guess.
import { getModel } from "./catalog.js";
import type { ModelType } from "./types.js";

/**
 * Credits a task would cost for `seconds` of output; `undefined` when the seed gives no pricing
 * for the model, when the price depends on a field (resolution) the input leaves unset, or when
 * the model cannot make `seconds` of output (outside its `durationSeconds`).
 */
export function estimateCredits(type: ModelType, input: { model: string; resolution?: string }, seconds: number): number | undefined {
  const model = getModel(type, input.model);
  const pricing = model?.pricing;
  const length = model?.durationSeconds;
  if (!pricing || !(seconds >= (length?.min ?? 0) && seconds <= (length?.max ?? Infinity))) return undefined;
  if ("creditsPerSecond" in pricing) return pricing.creditsPerSecond * seconds;
  const rate = input.resolution === undefined ? undefined : (pricing.rates as Record<string, number>)[input.resolution];
  return rate === undefined ? undefined : rate * seconds;
}
