// @monet-ai/ai-sdk-provider: Monet's image and video models for the Vercel AI SDK (`ai` 7).

export { MonetDownloadError } from "./download.js";
export { MonetImageModel } from "./image-model.js";
export type { MonetImageModelId, MonetImageOptions, MonetVideoModelId, MonetVideoOptions } from "./model-ids.js";
export { createMonet, type MonetProvider, type MonetProviderSettings, monet } from "./provider.js";
export { MonetVideoModel } from "./video-model.js";
