// Types derived from the generated input types: ids, types and the input of a model.
import type { Inputs } from "./generated/types.js";

export type * from "./generated/types.js";
export type { ImageInputs, Inputs, MusicInputs, VideoInputs } from "./generated/types.js";

export type ModelType = keyof Inputs;
export type VideoModelId = keyof Inputs["video"];
export type ImageModelId = keyof Inputs["image"];
export type MusicModelId = keyof Inputs["music"];
export type ModelId = VideoModelId | ImageModelId | MusicModelId;

/** The type(s) a model id belongs to (`wan-2-5` is both video and image). */
export type TypeOf<Id extends ModelId> = { [T in ModelType]: Id extends keyof Inputs[T] ? T : never }[ModelType];

/** The input of a model: `InputOf<"sora-2">`, or `InputOf<"wan-2-5", "image">` to pick one type. */
export type InputOf<Id extends ModelId, T extends ModelType = TypeOf<Id>> = T extends ModelType ? (Id extends keyof Inputs[T] ? Inputs[T][Id] : never) : never;

/** Any input of a type: the union of its models' inputs. */
export type InputOfType<T extends ModelType> = Inputs[T][keyof Inputs[T]];
