// A create the API answered with a task id no call can follow (`../x`, a newline): the client
// refuses it, naming the id. The server broke the contract, so this is not "retry later": the
// same create again (its idempotency key) is answered with the same id, so the CLI prints no
// command to re-run, only the key, once, for whoever runs the API.
import { APIError } from "@monet-ai/client";
import { EXIT } from "./exit-codes.js";
import { NextStepError } from "./output.js";
import { oneLine } from "./terminal.js";

// The client's refusal, from its start (a server's own text, an error event's message, starts
// with the request and cannot pass for it): of a streamed event, or of the create's JSON answer.
const REFUSAL = /^the (?:event stream named task id|server answered the create with task id) .*?, which no call can follow/s;

/** `e` as the CLI's error when it is the client's refusal of the id a create was answered with; else undefined. */
export function unfollowableTask(e: unknown, key: string): NextStepError | undefined {
  const refusal = e instanceof APIError ? REFUSAL.exec(e.message)?.[0] : undefined;
  if (!refusal) return undefined;
  // The client's own advice (create it again with the key) is left out: it would meet the same id.
  return new NextStepError(
    `${oneLine(refusal)}: the API may have created that task (idempotency key ${key}), but it cannot be waited for or saved, and running the command again gets the same answer. Report it to the API's operator with that key.`,
    { exitCode: EXIT.failed, status: e instanceof APIError ? e.status : undefined, cause: e },
  );
}
