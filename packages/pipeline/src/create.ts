// Creating one attempt of a task: journaled as `creating` before it is sent, so a rerun after a
// kill or an abort (the answer never came back) knows the attempt exists and sends the same key.
// The API may hold that key with another body (a create cut off earlier, sent with an upload
// that has since been replaced, answers 409): that journaled body, sent again, returns its task.
import { ConflictError, type Task } from "@monet-ai/client";
import type { Api } from "./api.js";
import type { Attempt } from "./attempt.js";
import type { TaskNode } from "./definition.js";
import { canonical } from "./hash.js";
import type { Journal } from "./journal.js";

/** The created task and the body that created it (`fresh`, or a journaled one on a 409). */
export async function createAttempt(
  api: Api,
  journal: Journal,
  node: TaskNode,
  { attempt, key, sent }: Attempt,
  fresh: Record<string, unknown>,
): Promise<{ task: Task; body: Record<string, unknown> }> {
  if (!sent?.some((r) => canonical(r.input) === canonical(fresh))) journal.append({ t: "creating", key, node: node.id, attempt, input: fresh });
  try {
    return { task: await api.create(node.step.type, fresh, key), body: fresh };
  } catch (e) {
    const earlier = (sent ?? []).map((r) => r.input).filter((b) => canonical(b) !== canonical(fresh));
    if (!(e instanceof ConflictError) || !earlier.length) throw e;
    for (const body of earlier) {
      try {
        return { task: await api.create(node.step.type, body, key), body };
      } catch (again) {
        if (!(again instanceof ConflictError)) throw again;
      }
    }
    throw e;
  }
}
