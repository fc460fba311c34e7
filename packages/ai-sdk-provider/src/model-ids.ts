// Model ids typed from the catalog, with an open string for models newer than this package.
import type { ImageModelId, InputOf, VideoModelId } from "@monet-ai/models";

/** A Monet image model id: the catalog's, autocompleted, or any other string. */
export type MonetImageModelId = ImageModelId | (string & {});

/** A Monet video model id: the catalog's, autocompleted, or any other string. */
export type MonetVideoModelId = VideoModelId | (string & {});

/** What `providerOptions.monet` may hold for an image model: its own fields (`satisfies` it for autocompletion). */
export type MonetImageOptions<Id extends ImageModelId> = Partial<Omit<InputOf<Id, "image">, "model">>;

/** What `providerOptions.monet` may hold for a video model: its own fields (`satisfies` it for autocompletion). */
export type MonetVideoOptions<Id extends VideoModelId> = Partial<Omit<InputOf<Id, "video">, "model">>;
