// Whether a file given to a confined reader (an MCP server, for an agent) has a pipeline's shape,
// before any of its content can reach an issue. The schema's issues quote values ("got ...") and
// name fields: of a CI file or an app's config with a top-level `steps` (Drone, Buildkite), that
// is its secrets. So a file is first held to the shape alone: only pipeline fields at the top,
// `steps` a mapping of steps, each a mapping of step fields with a `type`. Otherwise it is
// described by counts and kinds, never by its names or values. The fields are the schema's.
import schema from "../schema/pipeline.schema.json" with { type: "json" };

const TOP = Object.keys(schema.properties);
const STEP = Object.keys(schema.definitions.step.properties);

const mapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
/** What a value is, without its content. */
const kindOf = (v: unknown) =>
  v === null || v === undefined ? "nothing" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : `a ${typeof v}`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why `raw` (a parsed mapping with `steps`, from file `name`) is not a pipeline, or undefined when it has a pipeline's shape. */
export function notPipelineShaped(raw: Record<string, unknown>, name: string): string | undefined {
  const not = (why: string) => `${name} is not a pipeline: ${why}; nothing of it is quoted`;
  const foreign = Object.keys(raw).filter((k) => !TOP.includes(k)).length;
  if (foreign) return not(`${count(foreign, "top-level field is", "top-level fields are")} not a pipeline field (those are ${TOP.join(", ")})`);
  if (!mapping(raw.steps)) return not(`its steps are ${kindOf(raw.steps)}, not a mapping of named steps`);
  const steps = Object.values(raw.steps);
  const notSteps = steps.filter((s) => !mapping(s) || Object.keys(s).some((k) => !STEP.includes(k)) || typeof s.type !== "string").length;
  if (notSteps) return not(`${count(notSteps, "of its steps is", "of its steps are")} not a pipeline step (a mapping of ${STEP.join(", ")}, with type a text)`);
  return undefined;
}
