// One call's API requests, seen through the fetch its client uses, so that a failed one can be
// reported the way every AI SDK provider reports it: the AI SDK's `APICallError`, with the
// request's URL and body, the response's status, headers and body (the API key taken out of
// every one, even when a server echoes it), and the client's typed error as `cause`.
//
// `isRetryable` is always false. The client has already retried the request (connection errors,
// 408, 429, 5xx, `createMonet({ maxRetries })`) with the same idempotency key; an AI SDK retry
// re-runs `doGenerate`, which would make a new key, so a create the API did receive could become a
// second paid task.
import { APICallError } from "@ai-sdk/provider";
import { APIConnectionError, APIError } from "@monet-ai/client";
import { type Hide, hideError } from "./key-hide.js";

/** The most of an error response's body kept for `responseBody` (error bodies are small; a proxy's HTML page may not be). */
const BODY_CAP = 64 * 1024;
/** Failed requests kept per call: a 30-minute wait through an outage fails a poll every few seconds, and only the latest are reported. */
const KEPT = 16;

interface Exchange {
  url: string;
  requestBody?: string;
  status?: number;
  requestId?: string;
  headers?: Record<string, string>;
  body?: Promise<string>;
}

export interface CallLog {
  /** The fetch the call's client sends with. */
  fetch: typeof fetch;
  /** The headers of the last answered request (a success), the key taken out. */
  lastHeaders(): Record<string, string> | undefined;
  /** `e` as an `APICallError` when it is the client's error for a request (an error status, no answer, or an answer that was not what was asked); else `e`. */
  callError(e: unknown): Promise<unknown>;
}

/** Up to BODY_CAP characters of a copy of the body, read alongside the client's own reading. */
async function bodyText(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.length >= BODY_CAP) {
        await reader.cancel();
        return text.slice(0, BODY_CAP);
      }
    }
    return text + decoder.decode();
  } catch {
    return text; // cut off (an attempt's time limit): what arrived
  }
}

/**
 * A body with the key taken out however it is spelled: JSON may spell it in escapes (\u006d...),
 * which re-serialising writes out plainly, where the plain replace then finds it.
 */
function redactBody(text: string, redact: (s: string) => string): string {
  if (text.includes("\\"))
    try {
      return redact(JSON.stringify(JSON.parse(text)));
    } catch {}
  return redact(text);
}

const headersOf = (h: Headers, redact: (s: string) => string) => Object.fromEntries([...h].map(([k, v]) => [k, redact(v)]));

/** A log of the requests sent through `inner`; `redact` takes the API key out of a string (key-hide.ts). */
export function callLog(inner: typeof fetch, redact: Hide): CallLog {
  const failures: Exchange[] = [];
  // Answers with a success status, for the one whose body was not what was asked (HTML, not JSON,
  // another task, too large): its body is not kept (every poll's would be copied for that).
  const answered: Exchange[] = [];
  let last: Record<string, string> | undefined;
  const keep = (list: Exchange[], x: Exchange) => {
    list.push(x);
    if (list.length > KEPT) list.shift();
  };
  const failed = (x: Exchange) => keep(failures, x);
  const logged: typeof fetch = async (input, init) => {
    const url = redact(input instanceof Request ? input.url : String(input));
    const requestBody = typeof init?.body === "string" ? redact(init.body) : undefined;
    let res: Response;
    try {
      res = await inner(input, init);
    } catch (e) {
      failed({ url, requestBody });
      throw e;
    }
    const headers = headersOf(res.headers, redact);
    if (res.ok) {
      last = headers;
      keep(answered, { url, requestBody, status: res.status, requestId: res.headers.get("x-request-id") ?? undefined, headers });
    } else
      failed({
        url,
        requestBody,
        status: res.status,
        requestId: res.headers.get("x-request-id") ?? undefined,
        headers,
        body: bodyText(res.clone()).then((t) => redactBody(t, redact)),
      });
    return res;
  };
  return {
    fetch: logged,
    lastHeaders: () => last,
    async callError(e) {
      return hideError(await asCallError(e), redact);
    },
  };

  async function asCallError(e: unknown): Promise<unknown> {
    const status = e instanceof APIError ? e.status : undefined;
    if (status === undefined && !(e instanceof APIConnectionError)) return e;
    // The latest request that failed this way (with n tasks, several run at once: the request id tells them apart when the API sends one).
    const same = (f: Exchange) =>
      status !== undefined ? f.status === status && (!(e as APIError).requestId || f.requestId === (e as APIError).requestId) : f.status === undefined;
    // A success status with an error: the answer was not what was asked (HTML, not JSON, another task, too large).
    const x = [...(status !== undefined && status < 300 ? answered : failures)].reverse().find(same);
    if (!x) return e;
    let requestBodyValues: unknown = x.requestBody;
    try {
      if (x.requestBody !== undefined) requestBodyValues = JSON.parse(x.requestBody);
    } catch {}
    const monet = e as APIError & { taskId?: string; taskIds?: string[]; idempotencyKey?: string };
    const error = new APICallError({
      message: monet.message,
      url: x.url,
      requestBodyValues,
      statusCode: x.status,
      responseHeaders: x.headers,
      responseBody: await x.body,
      isRetryable: false,
      cause: e,
      data: { code: monet.code, requestId: monet.requestId, details: monet.details, retryAfter: monet.retryAfter },
    });
    // The Monet fields, where code reading the client's errors looks for them.
    return Object.assign(error, {
      status: monet.status,
      code: monet.code,
      requestId: monet.requestId,
      ...(monet.taskId === undefined ? {} : { taskId: monet.taskId }),
      ...(monet.taskIds === undefined ? {} : { taskIds: monet.taskIds }),
      // The key a lost create's message tells the caller to pass again (rerun-key.ts).
      ...(monet.idempotencyKey === undefined ? {} : { idempotencyKey: monet.idempotencyKey }),
    });
  }
}
