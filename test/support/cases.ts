// Valid and invalid model inputs derived from the seed's model table (not from the spec), shared
// by every suite that must agree on them: spec, catalog, client, Prism and the mock.
import type { SeedModel } from "./seed.ts";

export interface InvalidCase {
  type: string;
  model: string;
  name: string;
  input: Record<string, unknown>;
  /** The field every checker must name, as a dotted path inside `input`. */
  field: string;
}

const URL_IMG = "https://files.monet.vision/uploads/example.png";
const URL_VID = "https://files.monet.vision/uploads/example.mp4";

/** The smallest valid input: the required fields only. */
export function minimalInput(m: SeedModel): Record<string, unknown> {
  const input: Record<string, unknown> = { model: m.id };
  for (const f of m.fields.filter((f) => f.required)) {
    if (f.kind === "string") input[f.name] = "A cat running in the park";
    else if (f.kind === "string[]") input[f.name] = [f.name === "videos" ? URL_VID : URL_IMG];
  }
  return input;
}

/** Every optional field set, to its last allowed value. */
export function fullInput(m: SeedModel): Record<string, unknown> {
  const input = minimalInput(m);
  for (const f of m.fields) {
    if (f.kind === "enum") input[f.name] = f.enum!.at(-1);
    else if (f.kind === "number") input[f.name] = f.maximum ?? 1;
    else if (f.kind === "boolean") input[f.name] = true;
    else if (f.kind === "string" && !(f.name in input)) input[f.name] = "soft light";
    else if (f.kind === "string[]" && !(f.name in input)) input[f.name] = [f.name === "videos" ? URL_VID : URL_IMG];
  }
  return input;
}

export function invalidCases(models: SeedModel[]): InvalidCase[] {
  const cases: InvalidCase[] = [];
  for (const m of models) {
    const base = minimalInput(m);
    const add = (name: string, input: Record<string, unknown>, field: string) => cases.push({ type: m.type, model: m.id, name, input, field });
    add("unknown field", { ...base, colour: "red" }, "colour");
    for (const f of m.fields) {
      if (f.required) {
        const { [f.name]: _, ...rest } = base;
        add(`missing required ${f.name}`, rest, f.name);
      }
      if (f.kind === "enum") add(`${f.name} not allowed`, { ...base, [f.name]: typeof f.enum![0] === "number" ? 7 : "7:7" }, f.name);
      if (f.maxItems !== undefined) add(`too many ${f.name}`, { ...base, [f.name]: Array.from({ length: f.maxItems + 1 }, () => URL_IMG) }, f.name);
      if (f.minItems !== undefined) add(`too few ${f.name}`, { ...base, [f.name]: [] }, f.name);
      if (f.maxLength !== undefined) add(`${f.name} too long`, { ...base, [f.name]: "x".repeat(f.maxLength + 1) }, f.name);
      if (f.maximum !== undefined) add(`${f.name} above maximum`, { ...base, [f.name]: f.maximum + 1 }, f.name);
      if (f.minimum !== undefined) add(`${f.name} below minimum`, { ...base, [f.name]: f.minimum - 1 }, f.name);
      if (f.kind === "boolean") add(`${f.name} not a boolean`, { ...base, [f.name]: "yes" }, f.name);
      if (f.kind === "string") add(`${f.name} not a string`, { ...base, [f.name]: 42 }, f.name);
    }
  }
  return cases;
}

/** A model of another type that has no model of this id: the request must be rejected. */
export function wrongTypeCases(models: SeedModel[]) {
  const ids = (t: string) => new Set(models.filter((m) => m.type === t).map((m) => m.id));
  return models
    .map((m) => ({ model: m, wrongType: (["video", "image", "music"] as const).find((t) => t !== m.type && !ids(t).has(m.id))! }))
    .map(({ model, wrongType }) => ({ type: wrongType, input: minimalInput(model), model: model.id }));
}
