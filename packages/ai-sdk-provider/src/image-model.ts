// generateImage's model: one Monet task per image (no Monet image model takes a count).
import { type ImageModelV4, type ImageModelV4CallOptions, type ImageModelV4Result, InvalidArgumentError } from "@ai-sdk/provider";
import type { MonetModelConfig } from "./config.js";
import { prepareInput, uploadMedia } from "./input.js";
import type { MonetImageModelId } from "./model-ids.js";
import { mapImageSettings } from "./settings.js";
import { type ModelShape, modelShape } from "./shape.js";
import { createTask, finish, outputMetadata, taskKeys } from "./task-run.js";

export class MonetImageModel implements ImageModelV4 {
  readonly specificationVersion = "v4";
  /** One task per image: the AI SDK splits `n` into parallel calls. */
  readonly maxImagesPerCall = 1;
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
    const input = await uploadMedia(ctx.client, prepared, ctx);
    const finished = await Promise.all(
      taskKeys(options.n, ctx.idempotencyKey).map(async (key) => finish(ctx, this.shape, await createTask(ctx, this.shape, input, key))),
    );
    return {
      images: finished.flatMap((f) => f.outputs.map((o) => o.data)),
      warnings: prepared.warnings,
      providerMetadata: { monet: { images: finished.flatMap(outputMetadata) } },
      response: { timestamp, modelId: this.modelId, headers: undefined },
    };
  }
}
