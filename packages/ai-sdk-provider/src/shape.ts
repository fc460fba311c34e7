// What the provider knows of a model: its catalog entry (fields, allowed values, durations), or,
// for an id the catalog does not have (a model newer than this package), only the media fields.
import { NoSuchModelError } from "@ai-sdk/provider";
import { type FieldInfo, getModel, listModels, type ModelInfo } from "@monet-ai/models";

export type MediaType = "image" | "video";

export interface ModelShape {
  id: string;
  type: MediaType;
  /** The catalog entry, when the catalog has the model: settings are mapped and inputs checked. */
  info?: ModelInfo;
  field(name: string): FieldInfo | undefined;
}

const UNKNOWN_FIELDS: FieldInfo[] = [
  { name: "prompt", kind: "string", required: false, description: "" },
  { name: "images", kind: "string[]", required: false, description: "" },
  { name: "videos", kind: "string[]", required: false, description: "" },
];

const article = (t: string) => (t === "image" ? "an image" : `a ${t}`);

/** The model of `type` named `id`; an id the catalog lists only under another type is refused. */
export function modelShape(type: MediaType, id: string): ModelShape {
  const info = getModel(type, id);
  if (!info) {
    const other = listModels().find((m) => m.id === id);
    if (other) {
      const hint =
        other.type === "music"
          ? 'the AI SDK has no music model interface: use @monet-ai/client (monet.tasks.run({ type: "music", ... }))'
          : `use monet.${other.type}("${id}")`;
      throw new NoSuchModelError({
        modelId: id,
        modelType: `${type}Model`,
        message: `${id} is ${article(other.type)} model of Monet, not ${article(type)} model: ${hint}`,
      });
    }
  }
  const fields = info?.fields ?? UNKNOWN_FIELDS;
  return { id, type, info, field: (name) => fields.find((f) => f.name === name) };
}
