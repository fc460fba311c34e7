// The spec's example task (getTask's documented answer, from the spec's Task example). The
// reference's "Get a task" samples send its id; the mock answers it for that id when the caller
// has no task of that id, so a sample copied from the docs runs unchanged here. Like every
// answer taken from the spec, it carries EXAMPLE_HEADER: it is not a simulated task.
import { successExamples } from "./generated/success-examples.gen.js";

const documented = successExamples.getTask?.body as { id?: unknown } | undefined;

/** The example task when `id` is its id, else undefined. */
export function exampleTask(id: string): object | undefined {
  return documented && typeof documented.id === "string" && documented.id === id ? documented : undefined;
}
