// generateImage's model: one Monet task per image (no Monet image model takes a count), all `n`
// of them made by one call.
import { type ImageModelV4, type ImageModelV4CallOptions, type ImageModelV4Result, InvalidArgumentError } from "@ai-sdk/provider";
import { ALL_IN_ONE_CALL, finishTasks, runCall } from "./batch.js";
import type { MonetModelConfig } from "./config.js";
import { prepareInput } from "./input.js";
import { hideDeep } from "./key-hide.js";
import type { MonetImageModelId } from "./model-ids.js";
import { mapImageSettings } from "./settings.js";
import { type ModelShape, modelShape } from "./shape.js";
import { outputMetadata } from "./task-run.js";

export class MonetImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  /**
   * One call makes all `n` tasks, each with its own key derived from the caller's Idempotency-Key:
   * the AI SDK would otherwise split `n` into calls that carry the same key (one task, paid once,
   * returned n times).
   */
  readonly maxImagesPerCall = ALL_IN_ONE_CALL;
  /** Whether `prompt.images` reach the model (its `images` field); unknown for a model outside the catalog. */
  readonly supportsFileInputs?: boolean;
  readonly supportsMaskInputs = false;
  private readonly shape: ModelShape;

  constructor(
    readonly modelId: MonetImageModelId,
    private readonly config: MonetModelConfig,
  ) {
    this.shape = modelShape("image", modelId);
    if (this.shape.info) this.supportsFileInputs = !!this.shape.field("images");
  }

  get provider(): string {
    return this.config.provider;
  }

  async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
    const timestamp = new Date();
    if (!Number.isInteger(options.n) || options.n < 1)
      throw new InvalidArgumentError({ argument: "n", message: `n must be a whole number from 1 (got ${options.n})` });
    // Mapped and checked first: a bad input is refused before any request (and before a key is needed).
    const prepared = prepareInput(this.shape, mapImageSettings(this.shape, options), options.providerOptions);
    const ctx = this.config.context(options.abortSignal, options.headers);
    const finished = await runCall(ctx, this.shape, prepared, options.n, (tasks) => finishTasks(ctx, this.shape, tasks), options.headers).catch(async (e) => {
      throw await ctx.log.callError(e);
    });
    return {
      images: finished.flatMap((f) => f.outputs.map((o) => o.data)),
      warnings: prepared.warnings,
      providerMetadata: { monet: hideDeep({ images: finished.flatMap(outputMetadata) }, ctx.hide) },
      response: { timestamp, modelId: this.modelId, headers: ctx.log.lastHeaders() },
    };
  }
}
