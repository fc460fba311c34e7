// Credits estimates, only for the models whose pricing the seed gives: never a guess.
import { getModel } from "./catalog.js";
import type { ModelType } from "./types.js";

/**
 * Credits a task would cost for `seconds` of output; `undefined` when the seed gives no pricing
 * for the model, or when the price depends on a field (resolution) the input leaves unset.
 */
export function estimateCredits(type: ModelType, input: { model: string; resolution?: string }, seconds: number): number | undefined {
  const pricing = getModel(type, input.model)?.pricing;
  if (!pricing || !(seconds >= 0)) return undefined;
  if ("creditsPerSecond" in pricing) return pricing.creditsPerSecond * seconds;
  const rate = input.resolution === undefined ? undefined : (pricing.rates as Record<string, number>)[input.resolution];
  return rate === undefined ? undefined : rate * seconds;
}
