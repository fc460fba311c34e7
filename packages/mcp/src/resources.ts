// The model catalog as MCP resources: an index (monet://models) and one resource per model
// (monet://models/{type}/{id}) with its metadata, fields, example and input JSON Schema.
import { durationText, listModels, type ModelInfo } from "@monet-ai/models";
import { inputSchemas } from "@monet-ai/models/schemas";
import { agentWords, modelInputSchema } from "./advertised-schema.js";
import { modelUri } from "./tools.js";

export const INDEX_URI = "monet://models";
export const MODEL_TEMPLATE = "monet://models/{type}/{id}";
const MIME = "application/json";

export const summaryOf = (m: ModelInfo) => ({
  id: m.id,
  type: m.type,
  name: m.name,
  provider: m.provider,
  tagline: m.tagline,
  features: [...m.features],
  ...(m.durationSeconds ? { durationSeconds: m.durationSeconds } : {}),
  ...duration(m),
  ...(m.deprecated ? { deprecated: m.deprecated } : {}),
  resource: modelUri(m),
});

/** The output length in words ("10 or 15 s"): the allowed values, not durationSeconds' two ends. */
const duration = (m: ModelInfo) => {
  const text = durationText(m);
  return text ? { duration: text } : {};
};

/** The catalog's durationText is given once, as `duration` (the name summaries and the tool's schema use). */
const withoutDurationText = ({ durationText: _, ...rest }: ModelInfo) => rest;

/** Everything about a model (describe_model, its resource): how an agent learns its fields before it sends. */
export const detailOf = (m: ModelInfo) => ({
  ...withoutDurationText(m),
  fields: agentWords(m.fields),
  ...duration(m),
  resource: modelUri(m),
  inputSchema: modelInputSchema((inputSchemas as Record<string, Record<string, Record<string, unknown>>>)[m.type][m.id]),
});

export function listResources() {
  return [
    {
      uri: INDEX_URI,
      name: "models",
      title: "Monet AI models",
      description: "Every model: id, type, provider, tagline, features and its resource.",
      mimeType: MIME,
    },
    ...listModels().map((m) => ({
      uri: modelUri(m),
      name: `${m.type}/${m.id}`,
      title: `${m.name} (${m.type})`,
      description: `${m.tagline}. Fields, example input and JSON Schema.`,
      mimeType: MIME,
    })),
  ];
}

/** The resource's JSON text, or undefined for an unknown URI. */
export function readResource(uri: string): string | undefined {
  // Compact: an agent pays for every character it reads.
  if (uri === INDEX_URI) return JSON.stringify({ models: listModels().map(summaryOf) });
  const m = listModels().find((x) => modelUri(x) === uri);
  return m && JSON.stringify(detailOf(m));
}

export const resourceContents = (uri: string, text: string) => ({ contents: [{ uri, mimeType: MIME, text }] });
