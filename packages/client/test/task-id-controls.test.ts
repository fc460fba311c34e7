// A task id with a control character (one read from a file with its trailing newline, a NUL, an
// escape sequence pasted from a terminal) is refused before any request, naming taskId and the
// spec's pattern: it was percent-encoded and sent, and the user got a 404 they could not explain.
// Any other text still goes out: the reference defines no id format. Against the real mock.
import { afterEach, beforeEach, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { InputValidationError, NotFoundError } from "../src/index.js";
import { type Harness, harness } from "./helpers.js";

// The rule, read from the spec: a pattern changed there changes these expectations with it.
const PATTERN: string = spec.components.parameters.TaskId.schema.pattern;

let h: Harness;
beforeEach(async () => {
  h = await harness({ maxRetries: 0 });
});
afterEach(() => h.close());

/** The id as a test name: JSON leaves DEL and C1 characters raw, which a terminal shows as nothing. */
const shown = (id: string) => JSON.stringify(id).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const CONTROLS = ["task_abc\u0000", "task_abc\r", "task\u001b[31mred", "task\u007f", "task\u0085", "task\u009f"];

test.each(
  CONTROLS.flatMap(
    (id) =>
      [
        [`get(${shown(id)})`, (m: Harness["monet"]) => m.tasks.get(id)],
        [`wait(${shown(id)})`, (m: Harness["monet"]) => m.tasks.wait(id)],
        [`request("getTask", ${shown(id)})`, (m: Harness["monet"]) => m.request("getTask", { path: { taskId: id } })],
      ] as const,
  ),
)("%s is refused before any request, naming taskId and the spec's pattern", async (_name, call) => {
  expect(PATTERN).toBeTruthy();
  const err = await call(h.monet).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.issues[0].path).toBe("taskId");
  expect(err.message).toContain(`taskId must be`);
  expect(err.message).toContain(`matching ${PATTERN}`);
  expect(h.sent).toHaveLength(0);
});

test("any other text is still sent as one segment: letters of any script, symbols, and the characters a path escapes", async () => {
  for (const id of ["tâche_é", "任务-1", "a$&b%c'~(x)"]) {
    const err = await h.monet.tasks.get(id).catch((e) => e);
    expect(err, id).toBeInstanceOf(NotFoundError);
  }
  expect(h.sent).toHaveLength(3);
});
