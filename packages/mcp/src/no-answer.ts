// What an agent is told when the API gave no answer inside a call's bound (MONET_MCP_MAX_WAIT):
// not the MCP client's "Request timed out", which names no task, but what the server knows (the
// idempotency key it sent, or the task id) and the call that re-attaches to the same task, or
// for the other tools what to call again.
import { AbortError, APIConnectionError, APIConnectionTimeoutError } from "@monet-ai/client";
import type { Bound } from "./wait-budget.js";

/** The call's bound ran out, or the connection failed, before the API answered. */
export class NoAnswer extends Error {
  override name = "NoAnswer";
}

/**
 * True when `e` means "no answer came" (the bound's own abort, an attempt's timeout, a broken
 * connection), not an answer that refused. A client that cancelled the call gets nothing back anyway.
 */
export const isNoAnswer = (e: unknown, cancelled: AbortSignal) => !cancelled.aborted && (e instanceof AbortError || e instanceof APIConnectionError);

const why = (bound: Bound, e: unknown) =>
  e instanceof APIConnectionError && !(e instanceof APIConnectionTimeoutError)
    ? `The API could not be reached (${e.message})`
    : `No answer from the API within ${bound.ms} ms (${bound.source})`;

/**
 * A create_*_task call: the task may or may not exist; the same key finds it, never makes a second.
 * The key leads: the same input without it finds the task only while this server's memory of the
 * keys it made lasts (retry-keys.ts), not after a restart.
 */
export const noAnswerToCreate = (tool: string, key: string, ownKey: boolean, bound: Bound, e: unknown) =>
  new NoAnswer(
    `${why(bound, e)}, so whether the task was created is not known. Call ${tool} again with idempotencyKey "${key}"${
      ownKey ? "" : " (the key this call sent)"
    } and the same input to re-attach: the API answers with the task that key made, never a second one.${
      ownKey ? "" : " The same input without the key re-attaches only until this MCP server restarts."
    }`,
  );

/** A wait_for_task or get_task call: the task goes on running; the same call follows it. */
export const noAnswerAboutTask = (tool: string, taskId: string, bound: Bound, e: unknown) =>
  new NoAnswer(
    `${why(bound, e)} about task ${taskId}; it goes on running if it exists. Call ${tool === "get_task" ? "get_task" : "wait_for_task"} with taskId "${taskId}" again to follow it. Do not create it again.`,
  );

/** list_tasks, or a generic operation tool: whether calling again is safe follows from what the call does. */
export const noAnswerToCall = (tool: string, does: { readOnly: boolean; idempotent: boolean }, bound: Bound, e: unknown) =>
  new NoAnswer(
    `${why(bound, e)} to ${tool}. ${
      does.readOnly
        ? `Nothing was changed: call ${tool} again with the same arguments.`
        : does.idempotent
          ? `Whether it took effect is not known; calling ${tool} again with the same arguments is safe (doing it twice is the same as once).`
          : `Whether it took effect is not known: check before calling ${tool} again, which could do it a second time.`
    }`,
  );

/**
 * upload_file: stopped after the bound passed with no byte taken and no answer (upload-quiet.ts).
 * Uploading again only makes a second URL, so the advice is simply to call again.
 */
export const noAnswerToUpload = (given: string, bound: Bound, e: unknown) =>
  new NoAnswer(
    `${
      e instanceof APIConnectionTimeoutError
        ? e.message
        : e instanceof APIConnectionError
          ? why(bound, e)
          : `The API took no byte of the file and gave no answer for ${bound.ms} ms (${bound.source}, counted while the upload does not move)`
    }, so the upload was stopped; no URL came back. Call upload_file with path ${JSON.stringify(given)} again; an upload sent twice only makes a second URL.`,
  );

/**
 * A wait whose polls stopped getting any answer (the connection fails) until its bound: not the
 * last state seen as if current ("still processing"), but that the API stopped answering, what it
 * said last, and the call that follows the task once it answers again.
 */
export const stoppedAnswering = (task: { id: string; status: unknown }, shownPercent: number, cause: Error) =>
  new NoAnswer(
    `The API stopped answering while this call waited for task ${JSON.stringify(task.id)} (${cause.message}). The last it said, before that, was ${JSON.stringify(
      String(task.status),
    )} (${shownPercent}%), which may no longer be so. The task goes on at the API if it runs. Call wait_for_task with taskId ${JSON.stringify(
      task.id,
    )} once the API answers again (get_task reads it once). Do not create it again.`,
  );
