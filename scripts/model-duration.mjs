// A model's output length in words, written once for the catalog (`durationText`, which the CLI
// and MCP show) and the model guide, so none of them words it differently. Only the spec's
// structure decides it, never per-model prose:
// - a `duration` field with an enum: the values it takes ("5, 10 or 15 s"), never a range;
// - a `duration` field with a minimum and maximum: any length between them ("4-12 s");
// - no `duration` field, reference videos, and `x-monet-model.durationSeconds` (motion transfer):
//   the output is as long as the reference video, within those bounds; nothing to pick;
// - no `duration` field, `durationSeconds` alone: a fixed length ("8 s") or the published span;
// - a video or music model with neither: no field sets the length and the reference gives none.
// Images have no length: undefined.

/** "5, 10 or 15" */
const choices = (values) => (values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values.at(-1)}` : String(values[0]));
const span = (min, max) => (min === max ? `${min} s` : `${min}-${max} s`);

/** What says the output length when nothing does: shown, not left blank, so nobody assumes a field does. */
export const UNSET_DURATION = "chosen by the model (no field sets the length)";

/** The output length of the model whose input schema is `schema`, of `type`, in words. */
export function durationWords(type, schema) {
  if (type === "image") return undefined;
  const field = schema.properties.duration;
  if (field?.enum) return `${choices(field.enum)} s`;
  if (field && field.minimum !== undefined && field.maximum !== undefined) return span(field.minimum, field.maximum);
  const published = schema["x-monet-model"]?.durationSeconds;
  if (!field && published) {
    const bounds = span(published.min, published.max);
    return schema.properties.videos ? `follows the reference video (${bounds})` : bounds;
  }
  return UNSET_DURATION;
}
