// What every call returns: a real Promise of the body, plus `withResponse()` for the request id,
// status and headers of the answer (like openai-node's APIPromise).
import type { Answer } from "./core.js";

/** The body, the `Response` it came in (status, headers) and its `X-Request-Id`, for support. */
export type WithResponse<T> = Answer<T>;

export interface APIPromise<T> extends Promise<T> {
  /** The body with the response it came in: `const { data, response, requestId } = await monet.tasks.get(id).withResponse()`. */
  withResponse(): Promise<WithResponse<T>>;
}

/** A Promise of `answer`'s body that can also hand out the answer itself. Sends nothing more. */
export function apiPromise<T>(answer: Promise<Answer<T>>): APIPromise<T> {
  const data = answer.then((a) => a.data);
  return Object.assign(data, {
    withResponse() {
      // The caller handles a failure on this chain: the body-only one must not report it again
      // as an unhandled rejection.
      data.catch(() => {});
      return answer;
    },
  });
}
