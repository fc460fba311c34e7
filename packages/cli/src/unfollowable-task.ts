// A create the API answered with a task id no call can follow (`../x`, a newline): the client
// refuses it, naming the id on the error (`unfollowableTaskId`). The server broke the contract, so
// this is not "retry later": the same create again (its idempotency key) is answered with the same
// id, so the CLI prints no command to re-run, only the key, once, for whoever runs the API.
import { APIError } from "@monet-ai/client";
import { EXIT } from "./exit-codes.js";
import { NextStepError } from "./output.js";
import { oneLine, visible } from "./terminal.js";

/**
 * `e` as the CLI's error when it is the client's refusal of the id a create was answered with
 * (`streamed`: named by the create's event stream, else by its JSON answer); else undefined.
 */
export function unfollowableTask(e: unknown, key: string, streamed: boolean): NextStepError | undefined {
  const id = e instanceof APIError ? e.unfollowableTaskId : undefined;
  if (id === undefined) return undefined;
  // The client's own advice (create it again with the key) is left out: it would meet the same id.
  // The id escaped, not stripped: task_<U+202E>gpj.exe stripped reads as task_gpj.exe, another id.
  const refusal = `${streamed ? "the event stream named" : "the server answered the create with"} task id "${visible(id.slice(0, 100))}", which no call can follow`;
  return new NextStepError(
    `${oneLine(refusal)}: the API may have created that task (idempotency key ${key}), but it cannot be waited for or saved, and running the command again gets the same answer. Report it to the API's operator with that key.`,
    { exitCode: EXIT.failed, status: (e as APIError).status, cause: e },
  );
}
