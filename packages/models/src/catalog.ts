// The model catalog: every model with its metadata, fields and derived features, and lookups.
import { catalog } from "./generated/catalog.js";
import type { ModelType } from "./types.js";

/** What a model can do, derived from its input fields, or read from the spec's metadata. */
export type Feature =
  | "audio"
  | "audio-toggle"
  | "reference-images"
  | "reference-videos"
  | "negative-prompt"
  | "style"
  | "strength"
  | "lyrics"
  | "multi-shot"
  | "resolution"
  | "aspect-ratio"
  | "duration"
  | "quality";

const FEATURE_BY_FIELD: Record<string, Feature> = {
  generate_audio: "audio-toggle",
  images: "reference-images",
  videos: "reference-videos",
  negative_prompt: "negative-prompt",
  style: "style",
  strength: "strength",
  lyrics: "lyrics",
  shot_type: "multi-shot",
  resolution: "resolution",
  aspect_ratio: "aspect-ratio",
  duration: "duration",
  quality: "quality",
};

export interface FieldInfo {
  name: string;
  kind: "string" | "number" | "integer" | "boolean" | "string[]" | "enum";
  required: boolean;
  description: string;
  enum?: readonly (string | number)[];
  default?: string | number | boolean;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
}

export type Pricing = { creditsPerSecond: number } | { creditsPerSecondBy: "resolution"; rates: Readonly<Record<string, number>> };

export interface ModelInfo {
  id: string;
  type: ModelType;
  name: string;
  provider: string;
  family: string;
  tagline: string;
  useCases: readonly string[];
  /**
   * The output length the seed gives for the model, in seconds. `choices`, when present, are the
   * only lengths its `duration` field takes (sora-2: 10 or 15, never 12); `min` and `max` are then
   * their ends, not a range to pick from.
   */
  durationSeconds?: { readonly min: number; readonly max: number; readonly choices?: readonly number[] };
  /**
   * The output length in words, as the model guide says it: "10 or 15 s", "4-12 s", "8 s",
   * "follows the reference video (3-30 s)" (motion transfer: nothing to pick), or that no field
   * sets it. Absent for images.
   */
  durationText?: string;
  outputResolution?: string;
  /** true where the reference says the model makes sound; absent where it does not say (it names no silent model). */
  generatesAudio?: true;
  /** The seed's own feature notes, verbatim. */
  highlights: readonly string[];
  features: readonly Feature[];
  pricing?: Pricing;
  /**
   * Present when the spec deprecates the model (its schema's `deprecated: true`): the model to
   * use instead and a note, where the spec gives them. Creating it still works, with a one-time warning.
   */
  deprecated?: { readonly replacement?: string; readonly note?: string };
  fields: readonly FieldInfo[];
  /** A valid input, ready to copy. */
  example: Readonly<Record<string, unknown>>;
}

function features(e: Omit<ModelInfo, "features">): Feature[] {
  const out: Feature[] = e.generatesAudio ? ["audio"] : [];
  for (const f of e.fields) if (FEATURE_BY_FIELD[f.name]) out.push(FEATURE_BY_FIELD[f.name]);
  return out;
}

let every: readonly ModelInfo[] | undefined;

/** Every model, in the spec's order (video, then image, then music), read from the catalog on first use. */
const allModels = () => (every ??= (catalog() as readonly Omit<ModelInfo, "features">[]).map((e) => ({ ...e, features: features(e) })));

/** One model by type and id (`wan-2-5` exists as a video and as an image model). */
export function getModel(type: ModelType | string, id: string): ModelInfo | undefined {
  return allModels().find((m) => m.type === type && m.id === id);
}

export interface ModelFilter {
  type?: ModelType;
  provider?: string;
  family?: string;
  feature?: Feature;
}

/**
 * Models matching every given criterion (providers and families compare case-insensitively), in
 * the spec's order; `listModels()` is every model.
 */
export function listModels(filter: ModelFilter = {}): ModelInfo[] {
  const same = (a: string, b?: string) => b === undefined || a.toLowerCase() === b.toLowerCase();
  return allModels().filter(
    (m) =>
      (!filter.type || m.type === filter.type) &&
      same(m.provider, filter.provider) &&
      same(m.family, filter.family) &&
      (!filter.feature || m.features.includes(filter.feature)),
  );
}
