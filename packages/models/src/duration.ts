// A model's output length in words, for the CLI, MCP and any catalog browser: the allowed values
// when its duration field is a list of choices ("10 or 15 s"), a range only when any length
// between the bounds may be asked for ("4-12 s"), a fixed length once ("8 s"). The catalog's
// `durationSeconds` alone ({ min: 10, max: 15 }) reads as a range even when only its ends are allowed.
// A model with no duration field that reads reference videos (motion transfer: kling-motion-control,
// runway-act-two, wan-animate-*) makes a video as long as its reference: its bounds are the
// reference's, not a length to pick, so an agent does not take it for "a 10-second video".
import type { ModelInfo } from "./catalog.js";

/** "5, 10 or 15" */
const choices = (values: readonly unknown[]) => (values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : String(values[0]));

/** The output length as text, or undefined when the catalog gives none (images). */
export function durationText(m: ModelInfo): string | undefined {
  const field = m.fields.find((f) => f.name === "duration");
  if (field?.enum?.length) return `${choices(field.enum)} s`;
  if (field?.minimum !== undefined && field.maximum !== undefined) return `${field.minimum}-${field.maximum} s`;
  const d = m.durationSeconds;
  if (!d) return undefined;
  const bounds = d.min === d.max ? `${d.min} s` : `${d.min}-${d.max} s`;
  if (!field && m.fields.some((f) => f.name === "videos")) return `the reference video's length (${bounds})`;
  return bounds;
}
