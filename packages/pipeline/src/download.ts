// The seam for saving outputs: the contract of `saveOutput` in `@monet-ai/client/node`, which is
// the default (https only, http only on loopback or allowed origins, every redirect checked,
// names sanitised, extensions from media types, confined to the folder, size cap, no overwrite).
// A caller may pass its own function with the same contract (`runPipeline({ download })`).
import type { SavedOutput, SaveOutputOptions } from "@monet-ai/client/node";

export type SaveOptions = SaveOutputOptions;
export type Saved = SavedOutput;
export type Download = (url: string, opts: SaveOptions) => Promise<Saved>;
