// Compile-time proofs (tsc --noEmit, run by types.test.ts): the models satisfy the AI SDK's
// provider interfaces and its functions' parameter types, and ids and options are typed.
import type { Experimental_VideoModelV4, ImageModelV4, ProviderV4 } from "@ai-sdk/provider";
import type { experimental_generateVideo, experimental_startVideo, generateImage } from "ai";
import { createMonet, type MonetImageModelId, type MonetVideoModelId, type MonetVideoOptions, monet } from "../src/index.js";

export const image: ImageModelV4 = monet.image("flux-2-dev");
export const video: Experimental_VideoModelV4 = monet.video("kling-2-6");
export const provider: ProviderV4 = createMonet({ apiKey: "monet_x", baseURL: "http://127.0.0.1:4020", headers: { "x-team": "a" }, fetch: globalThis.fetch });
// The video model has the whole asynchronous flow, so generateVideo's poll and startVideo work.
export const flow: Required<Pick<Experimental_VideoModelV4, "doGenerate" | "doStart" | "doStatus">> = monet.video("sora-2");

// ai 7's own functions take them.
export const imageArg: Parameters<typeof generateImage>[0]["model"] = monet.imageModel("nano-banana-2");
export const videoArg: Parameters<typeof experimental_generateVideo>[0]["model"] = monet.videoModel("veo-3-1");
export const startArg: Parameters<typeof experimental_startVideo>[0]["model"] = monet.video("wan-2-6");

// Catalog ids are in the types (autocompletion), and any other string is allowed (newer models).
type Has<T, U> = U extends T ? true : false;
export const catalogImage: Has<MonetImageModelId, "flux-2-dev"> = true;
export const catalogVideo: Has<MonetVideoModelId, "sora-2"> = true;
export const newer = monet.video("a-model-newer-than-this-package");

// providerOptions.monet can be checked against a model's own fields.
export const options = { negative_prompt: "blur", strength: 0.5 } satisfies MonetVideoOptions<"kling-v2-1">;
// @ts-expect-error kling-2-6 has no negative_prompt
export const wrongField = { negative_prompt: "blur" } satisfies MonetVideoOptions<"kling-2-6">;
// @ts-expect-error wan-2-6 shot_type is single or multi
export const wrongValue = { shot_type: "triple" } satisfies MonetVideoOptions<"wan-2-6">;
